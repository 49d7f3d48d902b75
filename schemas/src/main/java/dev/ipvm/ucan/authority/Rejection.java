package dev.ipvm.ucan.authority;

/**
 * Thrown by the checks to stop at the first failure; {@link Validator} turns it into a
 * {@link Verdict.Invalid}. No stack trace: it is an answer, not a bug.
 */
final class Rejection extends RuntimeException {
  private final Failure failure;

  Rejection(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  Verdict.Invalid verdict() {
    return new Verdict.Invalid(failure, getMessage());
  }
}
