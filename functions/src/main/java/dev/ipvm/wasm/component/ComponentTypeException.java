package dev.ipvm.wasm.component;

/** A malformed or unsupported {@code component-type} section, with its named reason. */
public final class ComponentTypeException extends RuntimeException {
  private final ComponentTypeError error;

  public ComponentTypeException(ComponentTypeError error, String message) {
    super(error + ": " + message, null, false, false);
    this.error = error;
  }

  public ComponentTypeError error() {
    return error;
  }
}
