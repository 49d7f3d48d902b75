package dev.ipvm.wasm.module;

/**
 * Where one function body lies in the module and what its local declarations hold.
 *
 * @param functionIndex index in the function index space (imports first)
 * @param paramCount number of parameters of its type
 * @param start first byte of the body (the local declarations' count), after the body size
 * @param localEntryCount number of (count, type) local declaration entries
 * @param localEntriesStart first byte of the entries, after their count
 * @param instructionsStart first byte of the instructions
 * @param end one past the body's last byte (its final {@code end})
 * @param localCount number of declared locals (not counting parameters)
 */
record FunctionBody(
    int functionIndex,
    int paramCount,
    int start,
    int localEntryCount,
    int localEntriesStart,
    int instructionsStart,
    int end,
    long localCount) {

  /** "code section, function 3", for error messages. */
  String where() {
    return "code section, function " + functionIndex;
  }

  /** A reader over the body's instructions. */
  WasmReader instructions(byte[] bytes) {
    return new WasmReader(bytes, instructionsStart, end, where());
  }
}
