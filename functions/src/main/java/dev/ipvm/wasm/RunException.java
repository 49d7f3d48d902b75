package dev.ipvm.wasm;

/** A run or a load that ends in a named error; turned into {@link Outcome.Failed}. */
final class RunException extends RuntimeException {
  private final WasmError error;

  RunException(WasmError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  WasmError error() {
    return error;
  }
}
