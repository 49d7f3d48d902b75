package dev.ipvm.wasm.component;

import static dev.ipvm.wasm.component.WitEncoder.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.WasmError;
import org.junit.jupiter.api.Test;

/** Modules that break the canonical ABI get a named error, never an exception or a wrong value. */
class HostileModuleTest {
  private static final String RETURNS = """
        (data (i32.const 16) "\\ff\\fe")
        (func (export "oob-string") (result i32)
          i32.const 64 i32.const 0xFFFFFFF0 i32.store i32.const 68 i32.const 100 i32.store i32.const 64)
        (func (export "long-string") (result i32)
          i32.const 64 i32.const 0 i32.store i32.const 68 i32.const 0x7FFFFFFF i32.store i32.const 64)
        (func (export "oob-area") (result i32) i32.const 0xFFFFFFF8)
        (func (export "misaligned-area") (result i32) i32.const 66)
        (func (export "bad-utf8") (result i32)
          i32.const 64 i32.const 16 i32.store i32.const 68 i32.const 2 i32.store i32.const 64)
        (func (export "misaligned-list") (result i32)
          i32.const 64 i32.const 18 i32.store i32.const 68 i32.const 1 i32.store i32.const 64)
        (func (export "bad-case") (result i32) i32.const 64 i32.const 7 i32.store8 i32.const 64)
        (func (export "bad-char") (result i32) i32.const 0xD800)
        (func (export "wrong-core") (param i32) (result i32) local.get 0)
        (func (export "big-bytes") (result i32)
          i32.const 40 memory.grow drop
          i32.const 64 i32.const 0 i32.store i32.const 68 i32.const 2000000 i32.store i32.const 64)
        (func (export "wide-u8") (result i32) i32.const 0x1FF)
        (func (export "two-bool") (result i32) i32.const 2)
      """;
  private static final byte[] MODULE = returns();

  private static byte[] returns() {
    WitEncoder w = new WitEncoder();
    byte[] option = w.type(option(U8));
    byte[] words = w.type(list(U32));
    byte[] bytes = w.type(list(U8));
    w.func("oob-string", STRING).func("long-string", STRING).func("oob-area", STRING)
        .func("misaligned-area", STRING).func("bad-utf8", STRING).func("misaligned-list", words)
        .func("bad-case", option).func("bad-char", CHAR).func("wrong-core", S32, "s", STRING)
        .func("big-bytes", bytes).func("ghost", U8).func("wide-u8", U8).func("two-bool", BOOL);
    return w.appendTo(Modules.wat(Modules.PRELUDE + RETURNS));
  }

  private static Outcome.Failed failed(Outcome o) {
    assertThat(o).as(o.toString()).isInstanceOf(Outcome.Failed.class);
    return (Outcome.Failed) o;
  }

  private static void violation(String fun, String message, Ipld... params) {
    Outcome.Failed f = failed(Modules.run(MODULE, fun, params));
    assertThat(f.error()).as(f.toString()).isEqualTo(WasmError.ABI_VIOLATION);
    assertThat(f.message()).as(fun).contains(message);
    assertThat(f.deterministic()).isTrue();
  }

  @Test
  void pointersAndLengthsOutsideMemoryAreViolations() {
    violation("oob-string", "a string of 100 bytes at 4294967280 is outside the module's memory of 65536 bytes");
    violation("long-string", "a string of 2147483647 bytes at 0 is outside");
    violation("oob-area", "the return area of 8 bytes at 4294967288 is outside");
  }

  @Test
  void misalignedPointersAreViolations() {
    violation("misaligned-area", "the return area at 66 is not aligned to 4 bytes");
    violation("misaligned-list", "a list of 1 items at 18 is not aligned to 4 bytes");
  }

  @Test
  void badTextCasesAndCharsAreViolations() {
    violation("bad-utf8", "is not UTF-8");
    violation("bad-case", "the module returned case 7 of a option with 2 cases");
    violation("bad-char", "the char 55296, which is not a Unicode scalar value");
  }

  @Test
  void coreFunctionsThatDoNotMatchTheirWitSignatureAreViolations() {
    violation("wrong-core", "is (i32) -> (i32), but its WIT signature wrong-core: func(s: string) -> s32 lowers to (i32, i32) -> (i32)",
        Ipld.text("x"));
    violation("ghost", "describes 'ghost', but the module exports no such function");
  }

  @Test
  void aResultOverTheOutputLimitIsTooLargeBeforeItIsRead() {
    assertThat(failed(Modules.run(MODULE, "big-bytes")).error()).isEqualTo(WasmError.OUTPUT_TOO_LARGE);
  }

  @Test
  void valuesWiderThanTheirTypeAreWrappedAsTheSpecSays() {
    assertThat(((Outcome.Ok) Modules.run(MODULE, "wide-u8")).value()).isEqualTo(Ipld.integer(255));
    assertThat(((Outcome.Ok) Modules.run(MODULE, "two-bool")).value()).isEqualTo(Ipld.TRUE);
  }

  private static byte[] echo(String realloc, String post) {
    WitEncoder w = new WitEncoder().func("echo", STRING, "s", STRING);
    return w.appendTo(Modules.wat("""
        (memory (export "memory") 1)
        """ + realloc + post + """
        (func (export "echo") (param i32 i32) (result i32)
          i32.const 64 local.get 0 i32.store i32.const 68 local.get 1 i32.store i32.const 64)
        """));
  }

  @Test
  void cabiReallocThatTrapsIsATrap() {
    byte[] m = echo("(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) unreachable)", "");
    assertThat(failed(Modules.run(m, "echo", Ipld.text("hi"))).error()).isEqualTo(WasmError.TRAP);
  }

  @Test
  void cabiReallocThatAnswersOutsideMemoryIsAViolation() {
    byte[] m = echo("(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) i32.const 0xFFFFFF00)", "");
    assertThat(failed(Modules.run(m, "echo", Ipld.text("hi"))).message())
        .contains("the memory cabi_realloc gave for s of 2 bytes at 4294967040 is outside");
    byte[] none = echo("", "");
    Outcome.Failed f = failed(Modules.run(none, "echo", Ipld.text("hi")));
    assertThat(f.error()).isEqualTo(WasmError.ABI_VIOLATION);
    assertThat(f.message()).contains("exports no 'cabi_realloc'");
  }

  @Test
  void postReturnRunsAfterTheResultIsRead() {
    String realloc = "(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) i32.const 1024)";
    byte[] fine = echo(realloc, "(func (export \"cabi_post_echo\") (param i32))");
    assertThat(((Outcome.Ok) Modules.run(fine, "echo", Ipld.text("héllo"))).value()).isEqualTo(Ipld.text("héllo"));
    byte[] trapping = echo(realloc, "(func (export \"cabi_post_echo\") (param i32) unreachable)");
    assertThat(failed(Modules.run(trapping, "echo", Ipld.text("x"))).error()).isEqualTo(WasmError.TRAP);
    byte[] wrong = echo(realloc, "(func (export \"cabi_post_echo\") (param i64))");
    assertThat(failed(Modules.run(wrong, "echo", Ipld.text("x"))).message()).contains("cabi_post_echo is (i64) -> (), not (i32) -> ()");
  }
}
