package dev.ipvm.wasm.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Metered modules compute the same results, and use the same fuel in both engines. */
class FuelMeterTest {
  private static final long BUDGET = 10_000_000L;

  static final String ADD =
      """
      (module
        (func (export "add") (param i32 i32) (result i32)
          local.get 0 local.get 1 i32.add))
      """;

  static final String FIB_LOOP =
      """
      (module
        (func (export "fib") (param $n i32) (result i64)
          (local $a i64) (local $b i64) (local $i i32)
          i64.const 0 local.set $a
          i64.const 1 local.set $b
          block $done
            loop $l
              local.get $i local.get $n i32.ge_u br_if $done
              local.get $a local.get $b i64.add
              local.get $b local.set $a
              local.set $b
              local.get $i i32.const 1 i32.add local.set $i
              br $l
            end
          end
          local.get $a))
      """;

  static final String FIB_RECURSIVE =
      """
      (module
        (func $fib (export "fib") (param $n i32) (result i32)
          local.get $n i32.const 2 i32.lt_u
          if (result i32)
            local.get $n
          else
            local.get $n i32.const 1 i32.sub call $fib
            local.get $n i32.const 2 i32.sub call $fib
            i32.add
          end))
      """;

  static final String IMPORTS =
      """
      (module
        (import "env" "double" (func $double (param i32) (result i32)))
        (import "env" "base" (global $base i32))
        (global $g (mut i32) (i32.const 5))
        (func (export "calc") (param i32) (result i32)
          local.get 0 call $double
          global.get $base i32.add
          global.get $g i32.add
          global.get $g i32.const 1 i32.add global.set $g))
      """;

  static final String CALL_INDIRECT =
      """
      (module
        (type $bin (func (param i32 i32) (result i32)))
        (table 3 funcref)
        (elem (i32.const 0) $add $sub $mul)
        (func $add (type $bin) local.get 0 local.get 1 i32.add)
        (func $sub (type $bin) local.get 0 local.get 1 i32.sub)
        (func $mul (type $bin) local.get 0 local.get 1 i32.mul)
        (func (export "apply") (param i32 i32 i32) (result i32)
          local.get 1 local.get 2 local.get 0
          call_indirect (type $bin)))
      """;

  static final String BR_TABLE =
      """
      (module
        (func (export "switch") (param i32) (result i32)
          block $b2 (result i32)
            block $b1 (result i32)
              block $b0 (result i32)
                i32.const 7
                local.get 0
                br_table $b0 $b1 $b2 3
              end
              i32.const 10 i32.add
              return
            end
            i32.const 20 i32.add
            br 1
          end
          i32.const 30 i32.add)
        (func (export "clamp") (param i32) (result i32)
          local.get 0
          local.get 0 i32.const 100 i32.lt_u
          br_if 0
          drop
          i32.const 100))
      """;

  static final String MULTI_VALUE =
      """
      (module
        (func $swap (param i32 i32) (result i32 i32) local.get 1 local.get 0)
        (func (export "swap") (param i32 i32) (result i32 i32)
          local.get 0 local.get 1
          block (param i32 i32) (result i32 i32)
            call $swap
          end)
        (func (export "sumTo") (param $n i32) (result i32)
          (local $i i32) (local $acc i32)
          i32.const 0
          loop $l (param i32) (result i32)
            i32.const 1 i32.add
            local.tee $i
            local.get $acc i32.add local.set $acc
            local.get $i
            local.get $i local.get $n i32.lt_u
            br_if $l
          end
          drop
          local.get $acc))
      """;

  static final String BULK_MEMORY =
      """
      (module
        (memory 1)
        (data $d "hello world")
        (func (export "bulk") (result i32)
          (local $i i32) (local $sum i32)
          (memory.init $d (i32.const 0) (i32.const 0) (i32.const 11))
          (data.drop $d)
          (memory.copy (i32.const 100) (i32.const 0) (i32.const 11))
          (memory.fill (i32.const 200) (i32.const 7) (i32.const 5))
          block $done
            loop $l
              local.get $i i32.const 256 i32.ge_u br_if $done
              local.get $i i32.load8_u local.get $sum i32.add local.set $sum
              local.get $i i32.const 1 i32.add local.set $i
              br $l
            end
          end
          local.get $sum))
      """;

  static final String COUNT =
      """
      (module
        (func (export "count") (param $n i32) (result i32)
          (local $i i32)
          block $done
            loop $l
              local.get $i
              local.get $n
              i32.ge_u
              br_if $done
              local.get $i
              i32.const 1
              i32.add
              local.set $i
              br $l
            end
          end
          local.get $i))
      """;

  static final String SPIN =
      """
      (module
        (func (export "spin") (loop (br 0)))
        (func (export "spinEmpty") (loop $l (block (br $l)))))
      """;

  static final String RECURSE =
      """
      (module (func $r (export "rec") (call $r)))
      """;

  static ImportValues hostImports() {
    return ImportValues.builder()
        .addFunction(
            new HostFunction(
                "env",
                "double",
                FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                (instance, args) -> new long[] {args[0] * 2}))
        .addGlobal(new ImportGlobal("env", "base", new GlobalInstance(Value.i32(1000))))
        .build();
  }

  /**
   * Runs the export on the original module and, metered, twice in each engine: same results,
   * same fuel everywhere. Returns the fuel used.
   */
  static long assertSameResultsAndFuel(
      String wat, Supplier<ImportValues> imports, String export, long... args) {
    byte[] original = Wat2Wasm.parse(wat);
    byte[] metered = FuelMeter.instrument(original).bytes();
    long[] expected =
        Engine.INTERPRETER.instantiate(original, imports.get()).export(export).apply(args);
    long[] expectedCompiled =
        Engine.COMPILER.instantiate(original, imports.get()).export(export).apply(args);
    assertThat(expectedCompiled).isEqualTo(expected);

    Long used = null;
    for (Engine engine : Engine.values()) {
      for (int run = 0; run < 2; run++) {
        Engine.Outcome o = engine.run(metered, imports.get(), BUDGET, export, args);
        assertThat(o.trap()).as(engine + " run " + run).isNull();
        assertThat(o.results()).as(engine + " results").isEqualTo(expected);
        assertThat(o.used()).as(engine + " fuel").isPositive();
        if (used == null) {
          used = o.used();
        }
        assertThat(o.used()).as(engine + " run " + run + " fuel").isEqualTo(used);
      }
    }
    return used;
  }

  static long assertSameResultsAndFuel(String wat, String export, long... args) {
    return assertSameResultsAndFuel(wat, ImportValues::empty, export, args);
  }

  @Test
  void add() {
    // local.get, local.get, i32.add and the final end
    assertThat(assertSameResultsAndFuel(ADD, "add", 2, 40)).isEqualTo(4);
  }

  @Test
  void iterativeFib() {
    assertSameResultsAndFuel(FIB_LOOP, "fib", 0);
    assertSameResultsAndFuel(FIB_LOOP, "fib", 1);
    long f10 = assertSameResultsAndFuel(FIB_LOOP, "fib", 10);
    long f20 = assertSameResultsAndFuel(FIB_LOOP, "fib", 20);
    assertThat(f20).isGreaterThan(f10);
    assertThat(Engine.COMPILER.run(meter(FIB_LOOP), BUDGET, "fib", 20).results())
        .containsExactly(6765);
  }

  @Test
  void recursiveFib() {
    long f10 = assertSameResultsAndFuel(FIB_RECURSIVE, "fib", 10);
    long f20 = assertSameResultsAndFuel(FIB_RECURSIVE, "fib", 20);
    assertThat(f20).isGreaterThan(f10 * 100);
    assertThat(Engine.INTERPRETER.run(meter(FIB_RECURSIVE), BUDGET, "fib", 20).results())
        .containsExactly(6765);
  }

  @Test
  void importedFunctionsAndGlobals() {
    assertSameResultsAndFuel(IMPORTS, FuelMeterTest::hostImports, "calc", 21);
    assertThat(Engine.COMPILER.run(meter(IMPORTS), hostImports(), BUDGET, "calc", 21).results())
        .containsExactly(42 + 1000 + 5);
  }

  @Test
  void callIndirectThroughTable() {
    for (long op = 0; op < 3; op++) {
      assertSameResultsAndFuel(CALL_INDIRECT, "apply", op, 7, 3);
    }
  }

  @Test
  void brTableAndBranchesToTheFunctionLabel() {
    for (long i = 0; i < 5; i++) {
      assertSameResultsAndFuel(BR_TABLE, "switch", i);
    }
    assertThat(Engine.COMPILER.run(meter(BR_TABLE), BUDGET, "switch", 1).results())
        .containsExactly(27);
    assertThat(Engine.COMPILER.run(meter(BR_TABLE), BUDGET, "switch", 9).results())
        .containsExactly(7);
    assertSameResultsAndFuel(BR_TABLE, "clamp", 5);
    assertSameResultsAndFuel(BR_TABLE, "clamp", 500);
  }

  @Test
  void multiValueBlocksAndLoopParameters() {
    assertSameResultsAndFuel(MULTI_VALUE, "swap", 1, 2);
    assertThat(Engine.COMPILER.run(meter(MULTI_VALUE), BUDGET, "swap", 1, 2).results())
        .containsExactly(2, 1);
    assertSameResultsAndFuel(MULTI_VALUE, "sumTo", 100);
    assertThat(Engine.INTERPRETER.run(meter(MULTI_VALUE), BUDGET, "sumTo", 100).results())
        .containsExactly(5050);
  }

  @Test
  void bulkMemory() {
    assertSameResultsAndFuel(BULK_MEMORY, "bulk");
    int hello = "hello world".chars().sum();
    assertThat(Engine.COMPILER.run(meter(BULK_MEMORY), BUDGET, "bulk").results())
        .containsExactly(2L * hello + 5 * 7);
  }

  @Test
  void emptyLoopStillCostsOne() {
    // loop, end, end at entry, plus 1 for the empty loop body
    assertThat(assertSameResultsAndFuel("(module (func (export \"f\") (loop)))", "f"))
        .isEqualTo(4);
  }

  @Test
  void loopFuelIsIterationsTimesBodyCost() {
    // entry: block, loop, end, end, local.get, end = 6; loop body: 9 instructions,
    // charged on each of the n + 1 entries into the header (the last one exits via br_if).
    for (long n : new long[] {0, 1, 10, 1000}) {
      assertThat(assertSameResultsAndFuel(COUNT, "count", n)).isEqualTo(6 + 9 * (n + 1));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void infiniteLoopRunsOutOfFuel(Engine engine) {
    byte[] metered = meter(SPIN);
    for (long budget : new long[] {0, 1, 1_000, 1_000_000}) {
      Engine.Outcome o = engine.run(metered, budget, "spin");
      assertThat(o.trap()).as("budget " + budget).isInstanceOf(TrapException.class);
      assertThat(o.outOfFuel()).isTrue();
      // entry costs 3 (loop, end, end), each iteration 1: the charge that fails leaves -1
      assertThat(o.global()).isEqualTo(budget < 3 ? budget - 3 : -1);
    }
    Engine.Outcome empty = engine.run(metered, 1_000_000, "spinEmpty");
    assertThat(empty.outOfFuel()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void infiniteRecursionRunsOutOfFuel(Engine engine) {
    Engine.Outcome o = engine.run(meter(RECURSE), 1_000, "rec");
    assertThat(o.outOfFuel()).as(String.valueOf(o.trap())).isTrue();
    assertThat(o.global()).isNegative();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void exactBudgetSucceedsAndOneLessRunsOut(Engine engine) {
    byte[] metered = meter(COUNT);
    long cost = 6 + 9 * 11;
    Engine.Outcome exact = engine.run(metered, cost, "count", 10);
    assertThat(exact.results()).containsExactly(10);
    assertThat(exact.global()).isZero();
    assertThat(engine.run(metered, cost - 1, "count", 10).outOfFuel()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void otherTrapsLeaveTheGlobalNonNegative(Engine engine) {
    byte[] metered =
        meter(
            """
            (module
              (func $div (param i32) (result i32) i32.const 1 local.get 0 i32.div_u)
              (func (export "boom") (param i32) (result i32) local.get 0 call $div))
            """);
    Engine.Outcome o = engine.run(metered, 1_000, "boom", 0);
    assertThat(o.trap()).isNotNull(); // a WasmRuntimeException, not a TrapException
    assertThat(o.outOfFuel()).isFalse();
    assertThat(o.global()).isBetween(0L, 1_000L);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void hostFunctionsCanChargeThroughTheGlobal(Engine engine) {
    String wat =
        """
        (module
          (import "env" "work" (func $work))
          (func (export "run") call $work call $work))
        """;
    ImportValues imports =
        ImportValues.builder()
            .addFunction(
                new HostFunction(
                    "env",
                    "work",
                    FunctionType.empty(),
                    (instance, args) -> {
                      GlobalInstance fuel = instance.exports().global(FuelMeter.FUEL_EXPORT);
                      fuel.setValue(fuel.getValue() - 1_000);
                      return null;
                    }))
            .build();
    // call, call, end = 3 plus two host charges
    assertThat(engine.run(meter(wat), imports, 10_000, "run").used()).isEqualTo(3 + 2_000);
  }

  static byte[] meter(String wat) {
    return FuelMeter.instrument(Wat2Wasm.parse(wat)).bytes();
  }
}
