package dev.ipvm.ucan.authority;

import dev.ipvm.receipt.ErrorName;

/**
 * Why an invocation is refused. {@link #errorName()} is the stable name an error receipt
 * carries; {@link #fixtureName()} is the name the official UCAN 1.0.0 fixtures
 * ({@code ucan-wg/spec fixtures/1.0.0/invocation.json}) give the same condition, or the error
 * name where no fixture covers it.
 */
public enum Failure implements ErrorName {
  /** The invocation's or a proof's signature does not verify against its issuer's key. */
  INVALID_SIGNATURE("InvalidSignature", "InvalidSignature"),
  /** The invocation or a proof is past its {@code exp}. */
  EXPIRED("Expired", "Expired"),
  /** A proof is before its {@code nbf}. */
  NOT_YET_VALID("NotYetValid", "TooEarly"),
  /** A timestamp outside ±(2^53 − 1), which the spec says must be rejected. */
  INVALID_TIMESTAMP("InvalidTimestamp", "InvalidTimestamp"),
  /** The invocation is addressed ({@code aud}) to neither this executor nor its subject. */
  INVALID_AUDIENCE("InvalidAudience", "InvalidAudience"),
  /** A proof is about another subject than the invocation. */
  INVALID_SUBJECT("InvalidSubject", "InvalidSubject"),
  /** The chain is broken: a proof's {@code aud} is not the next one's (or the invoker's) {@code iss}. */
  INVALID_PROOF_CHAIN("InvalidProofChain", "InvalidAudience"),
  /**
   * Nothing roots the invoker's authority in the subject: no proofs though the invoker is not
   * the subject, a powerline ({@code sub: null}) root, or a root not issued by the subject.
   */
  NO_AUTHORITY("NoAuthority", "InvalidClaim"),
  /** A proof named in {@code prf} could not be found (or what was found is not that CID's block). */
  UNAVAILABLE_PROOF("UnavailableProof", "UnavailableProof"),
  /** A proof's command does not cover the invoked command. */
  COMMAND_NOT_DELEGATED("CommandNotDelegated", "CommandNotDelegated"),
  /** A proof's policy is not a well-formed policy. */
  INVALID_POLICY("InvalidPolicy", "InvalidPolicy"),
  /** The invocation's {@code args} do not satisfy a proof's policy. */
  POLICY_VIOLATION("PolicyViolation", "MatchError"),
  /** A proof has been revoked. */
  REVOKED("Revoked", "Revoked"),
  /** More proofs than the executor accepts. */
  TOO_MANY_PROOFS("TooManyProofs", "TooManyProofs"),
  /** The proofs together are larger than the executor accepts. */
  PROOFS_TOO_LARGE("ProofsTooLarge", "ProofsTooLarge");

  private final String errorName;
  private final String fixtureName;

  Failure(String errorName, String fixtureName) {
    this.errorName = errorName;
    this.fixtureName = fixtureName;
  }

  @Override
  public String errorName() {
    return errorName;
  }

  /** The official fixtures' name for this failure, e.g. {@code TooEarly}. */
  public String fixtureName() {
    return fixtureName;
  }
}
