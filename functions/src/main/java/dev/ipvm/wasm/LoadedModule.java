package dev.ipvm.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.ipvm.cid.Cid;
import dev.ipvm.wasm.component.WorldExports;
import java.util.function.Function;

/**
 * A module ready to instantiate: validated, fuel-metered, parsed and (for the compiler)
 * compiled to JVM classes once. Instances are made per task from it.
 *
 * @param cid the CID of the module's original bytes (raw codec)
 * @param size the original module's size in bytes (what the cache weighs)
 * @param module the parsed, metered module
 * @param machines the compiled machine factory, or null to interpret
 * @param fuelGlobal the export name of the fuel counter
 * @param startExport the export that runs the module's start function, or null when it has none
 * @param wasi whether the module imports WASI preview1
 * @param homestarHost whether the module imports Homestar's host functions (wasi:logging, helpers)
 * @param world the WIT signatures of its exports from its component-type sections (empty for
 *     a module without one)
 */
public record LoadedModule(Cid cid, int size, WasmModule module, Function<Instance, Machine> machines,
    String fuelGlobal, String startExport, boolean wasi, boolean homestarHost, WorldExports world) {}
