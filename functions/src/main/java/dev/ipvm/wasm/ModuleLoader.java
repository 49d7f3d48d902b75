package dev.ipvm.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.FunctionImport;
import dev.ipvm.cid.Cid;
import dev.ipvm.wasm.component.ComponentTypeException;
import dev.ipvm.wasm.component.WorldExports;
import dev.ipvm.wasm.host.HomestarHost;
import dev.ipvm.wasm.module.FuelMeter;
import dev.ipvm.wasm.module.ModuleException;
import java.util.Locale;

/**
 * Turns module bytes into a {@link LoadedModule}: size check, feature check (no SIMD, threads,
 * shared memory, ...), fuel metering by rewriting, parsing and validation, the import policy,
 * and compilation. Every refusal is a {@link RunException} with its {@link WasmError}.
 */
final class ModuleLoader {
  private final RuntimeConfig config;

  ModuleLoader(RuntimeConfig config) {
    this.config = config;
  }

  LoadedModule load(Cid cid, byte[] wasm) {
    if (wasm.length > config.maxModuleBytes()) {
      throw new RunException(WasmError.INVALID_MODULE,
          "module is " + wasm.length + " bytes, above the limit of " + config.maxModuleBytes());
    }
    FuelMeter.Metered metered;
    try {
      metered = FuelMeter.instrument(wasm);
    } catch (ModuleException e) {
      throw new RunException(WasmError.INVALID_MODULE, e.getMessage());
    }
    WasmModule module;
    try {
      module = Parser.parse(metered.bytes());
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new RunException(WasmError.INVALID_MODULE, "invalid module: " + e.getMessage());
    } catch (RuntimeException e) {
      // Chicory's parser and validator fail on some malformed modules with other exceptions, e.g.
      // NoSuchElementException for a global whose initializer is an empty constant expression
      // (ModuleLoaderFuzzTest); whatever it is, the bytes are not a module we can run
      throw new RunException(WasmError.INVALID_MODULE, "invalid module: " + e);
    }
    WorldExports world;
    try {
      world = WorldExports.of(wasm);
    } catch (ComponentTypeException e) {
      throw new RunException(WasmError.INVALID_MODULE, "the component-type section is malformed: " + e.getMessage());
    } catch (RuntimeException e) {
      // not expected (ComponentTypeSectionTest mutates sections): still a refusal, never an escape
      throw new RunException(WasmError.INVALID_MODULE, "the component-type section could not be read: " + e);
    }
    boolean wasi = checkImports(module);
    boolean homestar = usesHomestarHost(module);
    var machines = config.engine() == Engine.COMPILER ? compile(module) : null;
    return new LoadedModule(cid, wasm.length, module, machines, metered.fuelGlobalExport(),
        metered.startExport(), wasi, homestar, world);
  }

  private static boolean usesHomestarHost(WasmModule module) {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      if (HomestarHost.provides(module.importSection().getImport(i).module())) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the module uses WASI; refuses every import the runtime does not provide. */
  private boolean checkImports(WasmModule module) {
    boolean wasi = false;
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      String what = imp.module() + "." + imp.name() + " ("
          + imp.importType().name().toLowerCase(Locale.ROOT) + ")";
      if (HomestarHost.provides(imp.module())) {
        // Homestar's host functions are always provided: deterministic, they cannot change a result
        String refusal = imp instanceof FunctionImport f
            ? HomestarHost.refusal(imp.module(), imp.name(), module.typeSection().getType(f.typeIndex()))
            : "only functions can be imported from " + imp.module();
        if (refusal != null) {
          throw new RunException(WasmError.FORBIDDEN_IMPORT, "the module imports " + what + ": " + refusal);
        }
        continue;
      }
      if (!config.hostModules().contains(imp.module())) {
        throw new RunException(WasmError.FORBIDDEN_IMPORT, "the module imports " + what
            + "; this runtime provides only " + provided());
      }
      if (imp.importType() != ExternalType.FUNCTION) {
        throw new RunException(WasmError.FORBIDDEN_IMPORT, "the module imports " + what
            + "; only functions can be imported");
      }
      wasi |= imp.module().equals(RuntimeConfig.WASI);
    }
    return wasi;
  }

  private String provided() {
    java.util.List<String> all = new java.util.ArrayList<>(new java.util.TreeSet<>(config.hostModules()));
    all.add(HomestarHost.LOGGING);
    all.add(HomestarHost.HELPERS);
    return all.toString();
  }

  private static java.util.function.Function<com.dylibso.chicory.runtime.Instance, com.dylibso.chicory.runtime.Machine>
      compile(WasmModule module) {
    try {
      return MachineFactoryCompiler.compile(module);
    } catch (ChicoryException | IllegalArgumentException | IllegalStateException e) {
      throw new RunException(WasmError.INVALID_MODULE, "the module does not compile: " + e.getMessage());
    }
  }
}
