package dev.ipvm.multibase;

/** A multibase string that does not decode; the message says why. */
public class MultibaseException extends IllegalArgumentException {
  public MultibaseException(String message) {
    super(message);
  }
}
