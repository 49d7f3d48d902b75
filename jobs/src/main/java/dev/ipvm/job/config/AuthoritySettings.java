package dev.ipvm.job.config;

import dev.ipvm.ucan.authority.Validator;
import java.io.Serializable;
import java.time.Duration;

/**
 * Whom this executor serves and how much proof it reads (keys {@code authority.*}).
 *
 * @param subjects comma-separated: {@code self} (any self-issued invocation: local development),
 *     {@code executor} (its own DID; users invoke with a delegation from the executor's key), or DIDs
 * @param maxProofs most entries in an invocation's {@code prf}: the longest chain of delegations
 * @param maxProofBytes most bytes of all of one invocation's delegations together
 * @param clockSkew how far past {@code exp} and before {@code nbf} a token is still accepted
 * @param maxDelegations most delegations held from the delegations topic, per intake instance
 */
public record AuthoritySettings(String subjects, int maxProofs, long maxProofBytes, Duration clockSkew,
    int maxDelegations) implements Serializable {

  public AuthoritySettings {
    for (String subject : subjects.split(",")) {
      String t = subject.trim();
      if (!t.equals("self") && !t.equals("executor") && !t.startsWith("did:")) {
        throw new IllegalArgumentException("authority.subjects takes self, executor or DIDs, comma-separated; got '"
            + t + "'");
      }
    }
    if (maxProofs < 0 || maxProofBytes < 0 || maxDelegations < 0 || clockSkew.isNegative()) {
      throw new IllegalArgumentException("authority.max.proofs, authority.max.proof.bytes, authority.clock.skew and "
          + "authority.delegations.max must not be negative");
    }
  }

  /** The validator's settings for an executor with DID {@code executorDid}. */
  public Validator.Settings validator(String executorDid) {
    return new Validator.Settings(executorDid, maxProofs, maxProofBytes, clockSkew.toSeconds());
  }
}
