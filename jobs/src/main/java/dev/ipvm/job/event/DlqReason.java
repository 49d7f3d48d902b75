package dev.ipvm.job.event;

/**
 * Why a record went to the DLQ instead of becoming a task or a receipt: it is not even a UCAN
 * envelope, or it is a record of the feedback or authority topics that cannot be taken. The
 * envelope decoder's own reasons ({@link dev.ipvm.ucan.UcanException.Reason}) appear there too.
 */
public enum DlqReason {
  /** Larger than {@code max.invocation.bytes}. */
  TOO_LARGE("TooLarge"),
  /** The {@code content-type} header is neither DAG-CBOR nor DAG-JSON. */
  UNSUPPORTED_CONTENT_TYPE("UnsupportedContentType"),
  /** Not strict DAG-CBOR; the message names the rule and the byte offset. */
  INVALID_DAG_CBOR("InvalidDagCbor"),
  /** Not DAG-JSON. */
  MALFORMED_DAG_JSON("MalformedDagJson"),
  /** Decodes, but is not a UCAN envelope. */
  MALFORMED_ENVELOPE("MalformedEnvelope"),
  /** A record on the feedback topic the job cannot read (written by another version?). */
  MALFORMED_FEEDBACK("MalformedFeedback"),
  /** A record on the delegations topic that is not a signed delegation under its own CID. */
  INVALID_DELEGATION("InvalidDelegation"),
  /** More delegations than {@code authority.delegations.max}. */
  TOO_MANY_DELEGATIONS("TooManyDelegations"),
  /** A record on the revocations topic that is not a revocation this executor honours. */
  INVALID_REVOCATION("InvalidRevocation");

  private final String reason;

  DlqReason(String reason) {
    this.reason = reason;
  }

  /** The {@code reason} header's value, e.g. {@code InvalidDagCbor}. */
  public String reason() {
    return reason;
  }
}
