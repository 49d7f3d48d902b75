package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.DidKey;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides whether an executor may run a UCAN 1.0 invocation: its signature, its audience, its
 * time bounds, and the delegations in {@code prf} from the subject to the invoker (each
 * signed, current, not revoked, aligned, about the subject, covering the command, and with a
 * policy the arguments satisfy). Checks run from cheap to dear and stop at the first failure:
 *
 * <ol>
 *   <li>the number of proofs;
 *   <li>the invocation: signature, audience, time bounds;
 *   <li>a self-issued invocation ({@code iss == sub}) without proofs is valid here;
 *   <li>each proof: revoked, available, within the byte limit;
 *   <li>each proof's signature, then time bounds;
 *   <li>the chain's subjects and principals ({@link Chain});
 *   <li>the command ({@link Commands}), then the policies ({@link Policies}).
 * </ol>
 *
 * <p>Thread-safe and stateless: one instance serves every invocation.
 */
public final class Validator {
  public static final int DEFAULT_MAX_PROOFS = 32;
  public static final long DEFAULT_MAX_PROOF_BYTES = 1 << 20;
  /** The spec's recommended buffer for clock drift (core spec, "Time Bounds"). */
  public static final long DEFAULT_CLOCK_SKEW_SECONDS = 60;

  /**
   * @param executorDid this executor; an invocation's {@code aud}, when present, must be it or the
   *     subject. Null: only the subject
   * @param maxProofs most entries accepted in {@code prf}
   * @param maxProofBytes most envelope bytes accepted for all proofs together
   * @param clockSkewSeconds how far past {@code exp} and before {@code nbf} a token is still
   *     accepted
   */
  public record Settings(String executorDid, int maxProofs, long maxProofBytes, long clockSkewSeconds) {
    public Settings {
      if (executorDid != null) {
        DidKey.parse(executorDid); // fails fast on a typo in configuration
      }
      if (maxProofs < 0 || maxProofBytes < 0) {
        throw new IllegalArgumentException("proof limits must not be negative");
      }
      if (clockSkewSeconds < 0 || clockSkewSeconds > TimeBounds.MAX_TIMESTAMP) {
        throw new IllegalArgumentException("clock skew must be between 0 and 2^53 - 1 seconds");
      }
    }

    /** The defaults: 32 proofs, 1 MiB of proofs, ±60 s. */
    public static Settings defaults(String executorDid) {
      return new Settings(executorDid, DEFAULT_MAX_PROOFS, DEFAULT_MAX_PROOF_BYTES, DEFAULT_CLOCK_SKEW_SECONDS);
    }

    public Settings withMaxProofs(int v) {
      return new Settings(executorDid, v, maxProofBytes, clockSkewSeconds);
    }

    public Settings withMaxProofBytes(long v) {
      return new Settings(executorDid, maxProofs, v, clockSkewSeconds);
    }

    public Settings withClockSkewSeconds(long v) {
      return new Settings(executorDid, maxProofs, maxProofBytes, v);
    }
  }

  private final Settings settings;

  public Validator(Settings settings) {
    this.settings = settings;
  }

  /** A validator for {@code executorDid} with the default settings. */
  public static Validator forExecutor(String executorDid) {
    return new Validator(Settings.defaults(executorDid));
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Validates {@code inv} at {@code nowSeconds} (Unix seconds).
   *
   * @param proofs finds a delegation by the CID {@code prf} names it by; empty when unknown.
   *     Its exceptions are not verdicts and pass through
   * @param revoked whether a delegation, by CID, has been revoked
   */
  public Verdict validate(Signed<Invocation> inv, Function<Cid, Optional<Signed<Delegation>>> proofs,
      long nowSeconds, Predicate<Cid> revoked) {
    try {
      Invocation p = inv.payload();
      Proofs.checkCount(p.prf(), settings.maxProofs());
      verify(inv, "the invocation");
      checkAudience(p);
      TimeBounds.checkInvocation(p, nowSeconds, settings.clockSkewSeconds());
      if (p.prf().isEmpty()) {
        if (Chain.same(p.iss(), p.sub())) {
          return new Verdict.Valid(List.of()); // the subject acts on itself: nothing to prove
        }
        throw new Rejection(Failure.NO_AUTHORITY, "the invocation has no proofs, and its issuer "
            + p.iss() + " is not its subject " + p.sub());
      }
      List<Proof> chain = Proofs.resolve(p.prf(), proofs, revoked, settings.maxProofBytes());
      for (Proof proof : chain) {
        verify(proof.token(), proof.label());
      }
      TimeBounds.checkChain(chain, nowSeconds, settings.clockSkewSeconds());
      Chain.check(p, chain);
      Commands.check(p.cmd(), chain);
      Policies.check(p.args(), chain);
      return new Verdict.Valid(chain.stream().map(Proof::token).toList());
    } catch (Rejection r) {
      return r.verdict();
    }
  }

  private void checkAudience(Invocation inv) {
    // no aud: the audience is the subject (invocation spec, "Audience")
    if (inv.aud() == null || Chain.same(inv.aud(), inv.sub())
        || (settings.executorDid() != null && Chain.same(inv.aud(), settings.executorDid()))) {
      return;
    }
    String executor = settings.executorDid() == null ? "none configured" : settings.executorDid();
    throw new Rejection(Failure.INVALID_AUDIENCE, "the invocation is addressed to " + inv.aud()
        + ", which is neither this executor (" + executor + ") nor the subject " + inv.sub());
  }

  private static void verify(Signed<?> token, String what) {
    Optional<UcanException> problem = token.signatureProblem();
    if (problem.isPresent()) {
      throw new Rejection(Failure.INVALID_SIGNATURE, what + ": " + problem.get().getMessage());
    }
  }
}
