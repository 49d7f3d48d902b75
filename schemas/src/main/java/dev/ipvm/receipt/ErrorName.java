package dev.ipvm.receipt;

/**
 * A stable error name an error receipt carries ({@code out: {error: {name, message}}}): each
 * layer's enum of its failures implements this, so names are written and matched one way.
 */
public interface ErrorName {
  /** The name receipts carry, e.g. {@code OutOfFuel}. */
  String errorName();

  /** The error outcome with this name. */
  default Outcome.Error outcome(String message) {
    return Outcome.Error.of(errorName(), message);
  }

  /** Whether an outcome is an error with this name. */
  default boolean is(Outcome outcome) {
    return outcome instanceof Outcome.Error e && e.name().equals(errorName());
  }
}
