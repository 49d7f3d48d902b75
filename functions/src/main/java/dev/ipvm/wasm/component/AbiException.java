package dev.ipvm.wasm.component;

/** A canonical ABI call that failed for a named {@link AbiError}. */
public final class AbiException extends RuntimeException {
  private final AbiError error;

  public AbiException(AbiError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public AbiError error() {
    return error;
  }
}
