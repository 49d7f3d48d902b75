package dev.ipvm.effects;

import dev.ipvm.receipt.ErrorName;

/**
 * Why an effect did not happen, or did not finish, by a stable name users can match on in
 * receipts. Effects are never memoized, so no name says anything about repeating: an effect's
 * outcome is journaled by its Task ID whatever it is.
 */
public enum EffectError implements ErrorName {
  /** The request is malformed: a method other than GET, POST, PUT, DELETE, a reserved header. */
  INVALID_ARGS("InvalidArgs"),
  /** The destination is not in the executor's allowlist, or is a special-purpose address. */
  DESTINATION_DENIED("DestinationDenied"),
  /** More redirects than the executor follows. */
  TOO_MANY_REDIRECTS("TooManyRedirects"),
  /** A redirect without a usable {@code Location}. */
  INVALID_REDIRECT("InvalidRedirect"),
  /** No connection, or a 5xx, after every retry. */
  CONNECTION_FAILED("ConnectionFailed"),
  /** The server answered with an error status; the receipt carries the response. */
  HTTP_STATUS("HttpStatus"),
  /** An attempt did not complete within its time cap. */
  TIMEOUT("Timeout"),
  /** The calling thread was interrupted: the executor is stopping, and the effect runs again after recovery. */
  INTERRUPTED("Interrupted");

  private final String errorName;

  EffectError(String errorName) {
    this.errorName = errorName;
  }

  @Override
  public String errorName() {
    return errorName;
  }
}
