package dev.ipvm.index.http;

/** The API's errors: the HTTP status and the name in the body {@code {"error": {"name", "message"}}}. */
public enum ApiError {
  /** the path's CID does not parse */
  INVALID_CID(400, "InvalidCid"),
  /** the path's DID is not a did:key */
  INVALID_DID(400, "InvalidDid"),
  /** {@code after} or {@code limit} is not a number in range */
  INVALID_PAGING(400, "InvalidPaging"),
  /** nothing indexed under that key */
  NOT_FOUND(404, "NotFound"),
  /** no such route */
  NO_SUCH_ROUTE(404, "NoSuchRoute"),
  /** only GET (and HEAD) are served */
  METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
  /** the ingest has stopped (/health) */
  UNAVAILABLE(503, "Unavailable"),
  /** anything else that went wrong answering (the message says what) */
  INTERNAL(500, "InternalError");

  private final int status;
  private final String errorName;

  ApiError(int status, String errorName) {
    this.status = status;
    this.errorName = errorName;
  }

  public int status() {
    return status;
  }

  public String errorName() {
    return errorName;
  }

  /** This error with a message, to throw from a handler. */
  public Failure with(String message) {
    return new Failure(this, message);
  }

  /** An {@link ApiError} thrown while answering a request. */
  public static final class Failure extends RuntimeException {
    private final ApiError error;

    Failure(ApiError error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    public ApiError error() {
      return error;
    }
  }
}
