package dev.ipvm.wasm.module;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** The two Chicory engines, and running a metered export under a budget. */
enum Engine {
  INTERPRETER,
  COMPILER;

  Instance instantiate(byte[] wasm, ImportValues imports) {
    WasmModule m = Parser.parse(wasm);
    Instance.Builder b = Instance.builder(m).withImportValues(imports);
    if (this == COMPILER) {
      b.withMachineFactory(MachineFactoryCompiler.compile(m));
    }
    return b.build();
  }

  Instance instantiate(byte[] wasm) {
    return instantiate(wasm, ImportValues.empty());
  }

  /** Result of one metered call: the results (null after a trap) and the fuel global after it. */
  record Outcome(long[] results, long budget, long global, ChicoryException trap) {
    long used() {
      return budget - global;
    }

    boolean outOfFuel() {
      return trap != null && global < 0;
    }
  }

  /** Sets the budget, calls the export, reads the fuel global back (the host protocol). */
  static Outcome call(Instance instance, long budget, String export, long... args) {
    GlobalInstance fuel = instance.exports().global(FuelMeter.FUEL_EXPORT);
    fuel.setValue(budget);
    try {
      long[] results = instance.export(export).apply(args);
      return new Outcome(results, budget, fuel.getValue(), null);
    } catch (ChicoryException e) { // TrapException, WasmRuntimeException, ...
      return new Outcome(null, budget, fuel.getValue(), e);
    }
  }

  Outcome run(byte[] metered, ImportValues imports, long budget, String export, long... args) {
    return call(instantiate(metered, imports), budget, export, args);
  }

  Outcome run(byte[] metered, long budget, String export, long... args) {
    return run(metered, ImportValues.empty(), budget, export, args);
  }
}
