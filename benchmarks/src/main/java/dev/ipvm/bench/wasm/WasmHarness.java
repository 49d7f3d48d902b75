package dev.ipvm.bench.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MutabilityType;
import dev.ipvm.bench.wasm.WasmKernels.Kernel;
import dev.ipvm.wasm.module.FuelMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One sample module loaded the way the runtime loads it, minus the runtime's bookkeeping:
 * optionally fuel-metered by {@link FuelMeter#instrument(byte[])}, parsed once, and for the
 * compiler engine compiled once ({@link MachineFactoryCompiler#compile(WasmModule)}) into a machine
 * factory that every instance shares.
 *
 * <p>{@link #instantiate()} is what a task does before its call: a fresh {@link Instance} with a
 * {@link ByteArrayMemory} (the memory the runtime's {@code CappedMemory} wraps), which runs the
 * start section; for a metered module it then sets the fuel global to {@link #BUDGET} and calls the
 * former start function, exported as {@value FuelMeter#START_EXPORT}.
 */
public final class WasmHarness {
  /** The fuel budget of every metered call: large enough that no benchmark runs out. */
  public static final long BUDGET = Long.MAX_VALUE / 2;

  public enum EngineKind {
    COMPILER, INTERPRETER;

    public static EngineKind of(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private final WasmModule module;
  private final Function<Instance, Machine> machines; // null: Chicory's interpreter
  private final boolean metered;
  private final boolean meteredStart;

  private WasmHarness(WasmModule module, Function<Instance, Machine> machines, boolean metered,
      boolean meteredStart) {
    this.module = module;
    this.machines = machines;
    this.metered = metered;
    this.meteredStart = meteredStart;
  }

  /** Meters (if asked), parses and (for the compiler) compiles {@code original}. */
  public static WasmHarness load(byte[] original, EngineKind engine, boolean metered) {
    byte[] bytes = original;
    String startExport = null;
    if (metered) {
      FuelMeter.Metered m = FuelMeter.instrument(original);
      if (!m.fuelGlobalExport().equals(FuelMeter.FUEL_EXPORT)) {
        throw new IllegalStateException("unexpected fuel export " + m.fuelGlobalExport());
      }
      bytes = m.bytes();
      startExport = m.startExport();
    }
    WasmModule module = Parser.parse(bytes);
    Function<Instance, Machine> machines =
        engine == EngineKind.COMPILER ? MachineFactoryCompiler.compile(module) : null;
    return new WasmHarness(module, machines, metered, startExport != null);
  }

  public boolean metered() {
    return metered;
  }

  /** A fresh, initialised instance, ready for its one call (fuel set, start function run). */
  public Instance instantiate() {
    Instance.Builder b = Instance.builder(module).withMemoryFactory(ByteArrayMemory::new);
    if (machines != null) {
      b.withMachineFactory(machines);
    }
    Instance instance = b.build();
    if (metered) {
      instance.exports().global(FuelMeter.FUEL_EXPORT).setValue(BUDGET);
      if (meteredStart) {
        instance.export(FuelMeter.START_EXPORT).apply();
      }
    }
    return instance;
  }

  /** Calls the kernel once on {@code instance} through its ABI and returns the result bytes. */
  public static byte[] callBytes(Instance instance, Kernel k) {
    byte[] input = k.input();
    int ptr = (int) instance.export("alloc").apply(input.length)[0];
    Memory memory = instance.memory();
    memory.write(ptr, input);
    long packed = instance.export(k.function()).apply(ptr, input.length)[0];
    return memory.readBytes((int) (packed >>> 32), (int) packed);
  }

  /** Calls a numeric-ABI kernel once on {@code instance}. */
  public static long callNumeric(Instance instance, Kernel k) {
    return instance.export(k.function()).apply(k.numericArg())[0];
  }

  /** The result as {@link Kernel#expected()} states it: result bytes, or the i64 big-endian. */
  public static byte[] resultBytes(Instance instance, Kernel k) {
    return k.bytesAbi() ? callBytes(instance, k) : WasmKernels.longBytes(callNumeric(instance, k));
  }

  /** Fuel used so far by a metered instance whose budget was {@link #BUDGET}. */
  public static long fuelUsed(Instance instance) {
    return BUDGET - instance.exports().global(FuelMeter.FUEL_EXPORT).getValue();
  }

  /** An instance kept across calls; see {@link Warm#reset()}. */
  public Warm warm() {
    return new Warm(instantiate(), metered);
  }

  /**
   * A long-lived instance for the {@code _warmInstance} benchmarks. The samples allocate with
   * AssemblyScript's stub runtime, a bump allocator that never frees, so repeated calls on one
   * instance would grow its memory without end (and Chicory's memory copies itself on every grow).
   * {@link #reset()} therefore puts every mutable global (the bump pointer among them) back to its
   * value right after instantiation, so each call allocates the same addresses again, in memory
   * that is already grown. The input is written again by each call, as a fresh call would.
   */
  public static final class Warm {
    public final Instance instance;
    private final GlobalInstance[] globals;
    private final long[] values;
    private final GlobalInstance fuel; // null if unmetered

    Warm(Instance instance, boolean metered) {
      this.instance = instance;
      List<GlobalInstance> mutable = new ArrayList<>();
      for (int i = 0; i < instance.globalCount(); i++) {
        GlobalInstance g = instance.global(i);
        if (g.getMutabilityType() == MutabilityType.Var) {
          mutable.add(g);
        }
      }
      globals = mutable.toArray(new GlobalInstance[0]);
      values = new long[globals.length];
      for (int i = 0; i < globals.length; i++) {
        values[i] = globals[i].getValue();
      }
      fuel = metered ? instance.exports().global(FuelMeter.FUEL_EXPORT) : null;
    }

    /** Restores the mutable globals and, if metered, sets the fuel budget again. */
    public void reset() {
      for (int i = 0; i < globals.length; i++) {
        globals[i].setValue(values[i]);
      }
      if (fuel != null) {
        fuel.setValue(BUDGET);
      }
    }
  }
}
