package dev.ipvm.wasm.component;

import static dev.ipvm.wasm.component.WitEncoder.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.Engine;
import dev.ipvm.wasm.ExportNames;
import dev.ipvm.wasm.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Params passed as flat core values (16 or fewer), a variant's cases sharing joined positions,
 * and how the ABI is chosen: from the module itself.
 */
class FlatCallTest {
  private static final byte[] MODULE = module();

  private static byte[] module() {
    WitEncoder w = new WitEncoder();
    byte[] shape = w.type(variant("a", U32, "b", F32, "c", S64, "d", null));
    byte[] rec = w.type(record("a", U8, "s", STRING, "f", F64));
    w.func("add-one", S32, "a", S32)
        .func("variant-case", U32, "v", shape)
        .func("variant-bits", U64, "v", shape)
        .func("string-length", U32, "r", rec)
        .func("last-float", F64, "r", rec);
    return w.appendTo(Modules.wat(Modules.PRELUDE + """
        (func (export "add-one") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
        (func (export "variant-case") (param i32 i64) (result i32) local.get 0)
        (func (export "variant-bits") (param i32 i64) (result i64) local.get 1)
        (func (export "string-length") (param i32 i32 i32 f64) (result i32) local.get 2)
        (func (export "last-float") (param i32 i32 i32 f64) (result f64) local.get 3)
        (func (export "not-described") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
        """));
  }

  private static Ipld ok(String fun, Ipld... params) {
    Outcome o = Modules.run(MODULE, fun, params);
    assertThat(o).as(o.toString()).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok) o).value();
  }

  private static Ipld one(String key, Ipld value) {
    return Ipld.Map.builder().put(key, value).build();
  }

  @Test
  void aVariantsCasesShareJoinedPositions() {
    assertThat(ok("variant-case", one("b", new Ipld.Float(1.5)))).isEqualTo(Ipld.integer(1));
    // f32 in an i64 position: its bits, zero-extended
    assertThat(ok("variant-bits", one("b", new Ipld.Float(1.5)))).isEqualTo(Ipld.integer(Float.floatToRawIntBits(1.5f)));
    // u32 in an i64 position: zero-extended, not sign-extended
    assertThat(ok("variant-bits", one("a", Ipld.integer(0xFFFF_FFFFL)))).isEqualTo(Ipld.integer(0xFFFF_FFFFL));
    assertThat(ok("variant-bits", one("c", Ipld.integer(-2)))).isEqualTo(Ipld.Int.of(
        java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.TWO)));
    assertThat(ok("variant-case", one("d", Ipld.NULL))).isEqualTo(Ipld.integer(3));
    assertThat(ok("variant-bits", one("d", Ipld.NULL))).isEqualTo(Ipld.integer(0));
  }

  @Test
  void aRecordFlattensFieldByField() {
    Ipld r = Ipld.Map.builder().put("a", Ipld.integer(1)).put("s", Ipld.text("naïve")).put("f", new Ipld.Float(2.25)).build();
    assertThat(ok("string-length", r)).isEqualTo(Ipld.integer(6)); // UTF-8 bytes
    assertThat(ok("last-float", r)).isEqualTo(new Ipld.Float(2.25));
  }

  @Test
  void exportsAreFoundAsHomestarNamesThem() {
    String fun = ExportNames.resolve(Modules.runtime(Engine.INTERPRETER), MODULE, "add_one");
    assertThat(fun).isEqualTo("add-one");
    assertThat(ok(fun, Ipld.integer(41))).isEqualTo(Ipld.integer(42));
    assertThat(ok("add-one", Ipld.integer(-1))).isEqualTo(Ipld.integer(0));
  }

  @Test
  void anExportTheSectionDoesNotDescribeKeepsTheNumericAbi() {
    assertThat(ok("not-described", Ipld.integer(21))).isEqualTo(Ipld.integer(42));
    Outcome forced = Modules.runtime(Engine.INTERPRETER).run(MODULE, "add-one", List.of(Ipld.integer(1)),
        Modules.LIMITS, Abi.Choice.NUMERIC);
    assertThat(((Outcome.Ok) forced).value()).isEqualTo(Ipld.integer(2));
  }
}
