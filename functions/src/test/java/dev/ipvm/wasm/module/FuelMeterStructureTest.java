package dev.ipvm.wasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rewrite keeps the module's index spaces and sections valid. */
class FuelMeterStructureTest {

  static final String INDICES =
      """
      (module
        (import "env" "one" (func $one (result i32)))
        (import "env" "g0" (global $g0 i32))
        (import "env" "g1" (global $g1 (mut i64)))
        (global $a i32 (i32.const 11))
        (global $b (mut i32) (global.get $g0))
        (table 2 funcref)
        (elem (i32.const 0) $one $two)
        (func $two (result i32) i32.const 2)
        (func (export "viaTable") (param i32) (result i32) local.get 0 call_indirect (result i32))
        (func (export "sum") (result i32)
          call $one call $two i32.add global.get $a i32.add global.get $b i32.add)
        (export "a" (global $a))
        (export "b" (global $b))
        (export "g0" (global $g0))
        (export "two" (func $two))
        (export "table" (table 0)))
      """;

  static ImportValues imports() {
    return ImportValues.builder()
        .addFunction(
            new HostFunction(
                "env",
                "one",
                FunctionType.of(List.of(), List.of(ValType.I32)),
                (instance, args) -> new long[] {1}))
        .addGlobal(new ImportGlobal("env", "g0", new GlobalInstance(Value.i32(100))))
        .addGlobal(
            new ImportGlobal(
                "env",
                "g1",
                new GlobalInstance(
                    Value.i64(5), com.dylibso.chicory.wasm.types.MutabilityType.Var)))
        .build();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void functionAndGlobalIndicesAreUnchanged(Engine engine) {
    byte[] original = Wat2Wasm.parse(INDICES);
    byte[] metered = FuelMeter.instrument(original).bytes();
    Instance before = engine.instantiate(original, imports());
    Instance after = engine.instantiate(metered, imports());

    assertThat(after.functionCount()).isEqualTo(before.functionCount());
    assertThat(after.globalCount()).isEqualTo(before.globalCount() + 1);
    // the fuel global is the last one: imported (2) + defined (2)
    assertThat(after.global(4)).isSameAs(after.exports().global(FuelMeter.FUEL_EXPORT));
    for (String g : List.of("a", "b", "g0")) {
      assertThat(after.exports().global(g).getValue())
          .as(g)
          .isEqualTo(before.exports().global(g).getValue());
    }
    for (int i = 0; i < 4; i++) {
      assertThat(after.global(i).getValue()).isEqualTo(before.global(i).getValue());
    }
    assertThat(Engine.call(after, 1_000, "sum").results())
        .containsExactly(before.export("sum").apply());
    assertThat(Engine.call(after, 1_000, "viaTable", 0).results()).containsExactly(1);
    assertThat(Engine.call(after, 1_000, "viaTable", 1).results()).containsExactly(2);
    assertThat(Engine.call(after, 1_000, "two").results()).containsExactly(2);
  }

  @Test
  void addsGlobalAndExportSectionsWhenMissing() {
    byte[] metered = FuelMeter.instrument(Wat2Wasm.parse("(module (func))")).bytes();
    WasmModule m = Parser.parse(metered);
    assertThat(m.globalSection().globalCount()).isEqualTo(1);
    assertThat(m.exportSection().exportCount()).isEqualTo(1);
    Instance instance = Engine.COMPILER.instantiate(metered);
    assertThat(instance.exports().global(FuelMeter.FUEL_EXPORT).getValue()).isZero();
  }

  @Test
  void emptyModuleGetsTheGlobalToo() {
    byte[] metered = FuelMeter.instrument(Wasm.module()).bytes();
    Instance instance = Engine.INTERPRETER.instantiate(metered);
    instance.exports().global(FuelMeter.FUEL_EXPORT).setValue(7);
    assertThat(instance.exports().global(FuelMeter.FUEL_EXPORT).getValue()).isEqualTo(7);
  }

  @Test
  void keepsSectionsItDoesNotRewriteByteForByte() {
    byte[] original = Wat2Wasm.parse(FuelMeterTest.BULK_MEMORY);
    byte[] metered = FuelMeter.instrument(original).bytes();
    ModuleInfo before = ModuleDecoder.decode(original);
    ModuleInfo after = ModuleDecoder.decode(metered);
    for (Section s : before.sections()) {
      if (s.id() == Section.CODE || s.id() == Section.EXPORT || s.id() == Section.GLOBAL) {
        continue;
      }
      Section t =
          after.sections().stream().filter(x -> x.id() == s.id()).findFirst().orElseThrow();
      assertThat(java.util.Arrays.copyOfRange(metered, t.start(), t.end()))
          .as(s.label())
          .isEqualTo(java.util.Arrays.copyOfRange(original, s.start(), s.end()));
    }
    assertThat(after.functions()).hasSameSizeAs(before.functions());
    for (int i = 0; i < before.functions().size(); i++) {
      FunctionBody b = before.functions().get(i);
      FunctionBody a = after.functions().get(i);
      assertThat(a.localEntryCount()).isEqualTo(b.localEntryCount() + 1);
      assertThat(a.localCount()).isEqualTo(b.localCount() + 1);
    }
  }

  @Test
  void keepsCustomSections() {
    byte[] custom = Wasm.section(0, 4, 'n', 'o', 't', 'e', 1, 2, 3);
    byte[] original = Wasm.module(Wasm.voidType(), Wasm.oneFunction(), custom, Wasm.code(0x0B));
    byte[] metered = FuelMeter.instrument(original).bytes();
    ModuleInfo after = ModuleDecoder.decode(metered);
    Section c =
        after.sections().stream().filter(s -> s.id() == Section.CUSTOM).findFirst().orElseThrow();
    assertThat(java.util.Arrays.copyOfRange(metered, c.start(), c.end())).isEqualTo(custom);
    Parser.parse(metered);
  }

  @Test
  void instrumentingTwiceIsRejected() {
    byte[] once = FuelMeter.instrument(Wat2Wasm.parse(FuelMeterTest.ADD)).bytes();
    assertThatThrownBy(() -> FuelMeter.instrument(once))
        .isInstanceOfSatisfying(
            ModuleException.class,
            e -> assertThat(e.kind()).isEqualTo(ModuleException.Kind.INVALID_MODULE))
        .hasMessageContaining("already exports \"ipvm:fuel\"");
  }

  @Test
  void meteredResultIsNamed() {
    FuelMeter.Metered m = FuelMeter.instrument(Wat2Wasm.parse(FuelMeterTest.ADD));
    assertThat(m.fuelGlobalExport()).isEqualTo("ipvm:fuel");
  }

  static final String START =
      """
      (module
        (global $g (export "g") (mut i32) (i32.const 0))
        (func $init (global.set $g (i32.const 42)))
        (start $init))
      """;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void startFunctionBecomesAnExportTheHostCallsUnderABudget(Engine engine) {
    byte[] metered = FuelMeter.instrument(Wat2Wasm.parse(START)).bytes();
    WasmModule m = Parser.parse(metered);
    assertThat(m.startSection()).isEmpty();
    Instance instance = engine.instantiate(metered);
    assertThat(instance.exports().global("g").getValue()).isZero();
    Engine.Outcome o = Engine.call(instance, 100, FuelMeter.START_EXPORT);
    assertThat(instance.exports().global("g").getValue()).isEqualTo(42);
    assertThat(o.used()).isEqualTo(3); // i32.const, global.set, end
    assertThat(Engine.call(engine.instantiate(metered), 2, FuelMeter.START_EXPORT).outOfFuel())
        .isTrue();
  }

  @Test
  void startExportNameClashIsRejected() {
    String wat =
        """
        (module
          (func $init)
          (start $init)
          (export "ipvm:start" (func $init)))
        """;
    assertThatThrownBy(() -> FuelMeter.instrument(Wat2Wasm.parse(wat)))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("already exports \"ipvm:start\"");
  }

  @Test
  void withoutAStartSectionThereIsNoStartExport() {
    byte[] metered = FuelMeter.instrument(Wat2Wasm.parse(FuelMeterTest.ADD)).bytes();
    assertThat(ModuleDecoder.decode(metered).exportNames())
        .containsExactlyInAnyOrder("add", FuelMeter.FUEL_EXPORT);
  }
}
