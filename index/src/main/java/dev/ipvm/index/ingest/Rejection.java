package dev.ipvm.index.ingest;

/** Why a record on the receipts topic was not indexed; {@link #errorName()} names it in metrics. */
public enum Rejection {
  /** no value, or not a DAG-CBOR receipt envelope */
  NOT_A_RECEIPT("NotAReceipt"),
  /** the envelope's signature does not verify against its issuer's did:key */
  INVALID_SIGNATURE("InvalidSignature"),
  /** signed, but by an executor that is not trusted (--trust) */
  UNTRUSTED_ISSUER("UntrustedIssuer");

  private final String errorName;

  Rejection(String errorName) {
    this.errorName = errorName;
  }

  public String errorName() {
    return errorName;
  }
}
