package dev.ipvm.ucan;

/**
 * An envelope, key or payload that is not a valid UCAN. {@link #reason()} is a stable
 * name users and error receipts can match on; the message says what exactly is wrong.
 */
public class UcanException extends IllegalArgumentException {
  /** Stable names for why a UCAN was rejected. */
  public enum Reason {
    /** The bytes decode, but not to {@code [sig, {h, tag: payload}]}. */
    MALFORMED_ENVELOPE("MalformedEnvelope"),
    /** The varsig header names an algorithm or encoding this executor does not verify. */
    UNSUPPORTED_SIGNATURE("UnsupportedSignature"),
    /** The signature does not verify against the issuer's key. */
    BAD_SIGNATURE("BadSignature"),
    /** The payload tag is not an invocation, delegation or receipt version we accept. */
    UNKNOWN_TYPE("UnknownType"),
    /** A payload field is missing or has the wrong type or form. */
    INVALID_PAYLOAD("InvalidPayload"),
    /** A DID is not a did:key we can verify with. */
    INVALID_DID("InvalidDid"),
    /** A key file or key bytes that do not hold an Ed25519 key. */
    INVALID_KEY("InvalidKey");

    private final String errorName;

    Reason(String errorName) {
      this.errorName = errorName;
    }

    /** The name an error receipt carries. */
    public String errorName() {
      return errorName;
    }
  }

  private final Reason reason;

  public UcanException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UcanException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
