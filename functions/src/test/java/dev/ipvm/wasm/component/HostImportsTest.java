package dev.ipvm.wasm.component;

import static dev.ipvm.wasm.component.WitEncoder.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.WasmError;
import dev.ipvm.wasm.host.GuestLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wasi:logging and Homestar's helpers as a module imports them; every other import refused. */
class HostImportsTest {
  private static final String IMPORTS = """
        (import "wasi:logging/logging" "log" (func $log (param i32 i32 i32 i32 i32)))
        (import "homestar:host/helpers@0.1.1" "get-current-time" (func $now (param i32)))
        (import "homestar:host/helpers@0.1.1" "print" (func $print (param i32 i32)))
      """;
  private static final byte[] MODULE = module();

  private static byte[] module() {
    WitEncoder w = new WitEncoder()
        .func("bomb", U32, "n", U32, "len", U32)
        .func("bad-level", U32)
        .func("bad-message", U32)
        .func("now", U64)
        .func("hello", U32);
    return w.appendTo(Modules.wat(IMPORTS + Modules.PRELUDE + """
        (data (i32.const 16) "bomb")
        (data (i32.const 32) "hello")
        ;; logs n lines of len bytes (from address 1024, whatever is there), then answers n
        (func (export "bomb") (param $n i32) (param $len i32) (result i32) (local $i i32)
          (block (loop
            local.get $i local.get $n i32.ge_u br_if 1
            i32.const 2 i32.const 16 i32.const 4 i32.const 1024 local.get $len call $log
            local.get $i i32.const 1 i32.add local.set $i
            br 0))
          local.get $n)
        (func (export "bad-level") (result i32) i32.const 6 i32.const 16 i32.const 4 i32.const 32 i32.const 5 call $log i32.const 0)
        (func (export "bad-message") (result i32) i32.const 1 i32.const 16 i32.const 4 i32.const 65000 i32.const 1000 call $log i32.const 0)
        (func (export "now") (result i64) (local $i i32)
          (block (loop local.get $i i32.const 1000 i32.ge_u br_if 1 local.get $i i32.const 1 i32.add local.set $i br 0))
          i32.const 64 call $now
          i32.const 64 i64.load i64.const 1000000000 i64.mul i32.const 76 i64.load32_u i64.add)
        (func (export "hello") (result i32) i32.const 32 i32.const 5 call $print i32.const 1)
        """));
  }

  private static final class Lines implements GuestLog.Sink {
    final List<String> lines = new ArrayList<>();

    @Override
    public void log(GuestLog.Level level, String context, String message) {
      lines.add(level + " " + context + " " + message);
    }
  }

  private static Outcome run(Lines sink, String fun, Ipld... params) {
    return Modules.run(MODULE, fun, new RunContext(sink), Modules.LIMITS, params);
  }

  @Test
  void aLoggingBombIsBoundedAndDoesNotChangeTheResult() {
    Lines many = new Lines();
    Outcome o = run(many, "bomb", Ipld.integer(200_000), Ipld.integer(10));
    assertThat(((Outcome.Ok) o).value()).isEqualTo(Ipld.integer(200_000));
    assertThat(many.lines).hasSize(GuestLog.MAX_MESSAGES + 1);
    assertThat(many.lines.get(0)).startsWith("INFO bomb ");
    assertThat(many.lines.get(GuestLog.MAX_MESSAGES)).isEqualTo("WARN ipvm 199900 further log lines (" + 199_900 * 14 + " bytes)"
        + " dropped: a run logs at most 100 lines and 16384 bytes");

    Lines long_ = new Lines();
    Outcome big = run(long_, "bomb", Ipld.integer(1_000), Ipld.integer(60_000));
    assertThat(((Outcome.Ok) big).value()).isEqualTo(Ipld.integer(1_000));
    assertThat(long_.lines).hasSize(2);
    assertThat(long_.lines.get(0)).endsWith("[cut at the run's log limit]");
    assertThat(long_.lines.get(0).length()).isLessThan(GuestLog.MAX_BYTES + 100);
    assertThat(o.fuelUsed()).isGreaterThan(200_000); // the loop around the imports is metered
  }

  @Test
  void theFuelLimitStillStopsALoggingLoop() {
    Outcome o = Modules.run(MODULE, "bomb", new RunContext(new Lines()), Modules.LIMITS.withFuel(100_000),
        Ipld.integer(1_000_000), Ipld.integer(1));
    assertThat(((Outcome.Failed) o).error()).isEqualTo(WasmError.OUT_OF_FUEL);
  }

  @Test
  void aBrokenLogCallIsAViolation() {
    Outcome.Failed level = (Outcome.Failed) run(new Lines(), "bad-level");
    assertThat(level.error()).isEqualTo(WasmError.ABI_VIOLATION);
    assertThat(level.message()).contains("log level 6 is not one of the enum's 6 cases");
    Outcome.Failed message = (Outcome.Failed) run(new Lines(), "bad-message");
    assertThat(message.error()).isEqualTo(WasmError.ABI_VIOLATION);
    assertThat(message.message()).contains("a log line's message of 1000 bytes at 65000 is outside");
  }

  @Test
  void theClockCountsFuelNotTime() {
    Outcome a = run(new Lines(), "now");
    Outcome b = run(new Lines(), "now");
    long nanos = ((Ipld.Int) ((Outcome.Ok) a).value()).longValue();
    assertThat(nanos).isPositive().isLessThanOrEqualTo(a.fuelUsed());
    assertThat(b).isEqualTo(a);
  }

  @Test
  void printGoesToTheLog() {
    Lines lines = new Lines();
    assertThat(((Outcome.Ok) run(lines, "hello")).value()).isEqualTo(Ipld.integer(1));
    assertThat(lines.lines).containsExactly("INFO print hello");
  }

  @Test
  void wasiPreview1AndTheHomestarImportsTogether() {
    byte[] both = Modules.wat("""
        (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
        (import "wasi:logging/logging" "log" (func $log (param i32 i32 i32 i32 i32)))
        (memory (export "memory") 1)
        (func (export "f") (result i32)
          i32.const 0 i32.const 8 call $random drop
          i32.const 2 i32.const 0 i32.const 1 i32.const 0 i32.const 1 call $log
          i32.const 7)
        """);
    Lines lines = new Lines();
    try (var wasi = new dev.ipvm.wasm.WasmRuntime(dev.ipvm.wasm.RuntimeConfig.builder()
        .engine(dev.ipvm.wasm.Engine.INTERPRETER).hostModules(java.util.Set.of(dev.ipvm.wasm.RuntimeConfig.WASI)).build())) {
      Outcome o = wasi.run(dev.ipvm.cid.Cid.of(dev.ipvm.cid.Multicodec.RAW, both), both, "f", List.of(), Modules.LIMITS,
          dev.ipvm.wasm.Abi.Choice.AUTO, new RunContext(lines));
      assertThat(((Outcome.Ok) o).value()).isEqualTo(Ipld.integer(7));
    }
    assertThat(lines.lines).hasSize(1);
  }

  @Test
  void otherImportsStayForbidden() {
    String[] imports = {
        "(import \"wasi:logging/logging\" \"flush\" (func))",
        "(import \"wasi:logging/logging\" \"log\" (func (param i32)))",
        "(import \"homestar:host/helpers@0.1.1\" \"get-current-time\" (func (result i64)))",
        "(import \"wasi:cli/environment@0.2.0\" \"get-environment\" (func (param i32)))",
        "(import \"wasi:logging/logging\" \"log\" (memory 1))",
    };
    for (String imp : imports) {
      Outcome o = Modules.run(Modules.wat(imp + "(func (export \"f\"))"), "f");
      assertThat(((Outcome.Failed) o).error()).as(imp).isEqualTo(WasmError.FORBIDDEN_IMPORT);
    }
  }
}
