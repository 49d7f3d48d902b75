package dev.ipvm.wasm;

import dev.ipvm.ipld.Ipld;
import java.util.Objects;

/** How a run ended: a value, or a named error. Both say how much fuel was used. */
public sealed interface Outcome permits Outcome.Ok, Outcome.Failed {

  /** Fuel used, in the metered instruction units of {@link Limits#fuel()}. */
  long fuelUsed();

  /** A result. {@code value} is null for a function that returns nothing. */
  record Ok(Ipld value, long fuelUsed) implements Outcome {}

  /** A failure with its stable name and a message for people. */
  record Failed(WasmError error, String message, long fuelUsed) implements Outcome {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }

    /** Whether this outcome may be memoized (under the same limits, see {@link WasmError}). */
    public boolean deterministic() {
      return error.deterministic();
    }

    @Override
    public String toString() {
      return error.errorName() + ": " + message;
    }
  }
}
