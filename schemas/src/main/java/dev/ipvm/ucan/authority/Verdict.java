package dev.ipvm.ucan.authority;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import java.util.List;
import java.util.Objects;

/** The outcome of validating an invocation: its proof chain, or why it is refused. */
public sealed interface Verdict {

  default boolean isValid() {
    return this instanceof Valid;
  }

  /**
   * The invocation may run.
   *
   * @param chain the proofs in {@code prf} order, the root (issued by the subject) first; empty
   *     for a self-issued invocation
   */
  record Valid(List<Signed<Delegation>> chain) implements Verdict {
    public Valid {
      chain = List.copyOf(chain);
    }
  }

  /** The invocation must not run; {@code message} says which token and field, for people. */
  record Invalid(Failure failure, String message) implements Verdict {
    public Invalid {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(message, "message");
    }
  }
}
