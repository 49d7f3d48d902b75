package dev.ipvm.wasm.module;

import java.util.List;
import java.util.Set;

/**
 * What {@link ModuleDecoder} learned about a module: its sections and the few facts metering
 * needs. {@code startFunction} is the start section's function index, or -1 without one.
 */
record ModuleInfo(
    byte[] bytes,
    List<Section> sections,
    int importedFunctions,
    int importedGlobals,
    int definedGlobals,
    Set<String> exportNames,
    int startFunction,
    List<FunctionBody> functions) {

  /** Index the next appended global gets: imported globals come first, then defined ones. */
  int nextGlobalIndex() {
    return importedGlobals + definedGlobals;
  }
}
