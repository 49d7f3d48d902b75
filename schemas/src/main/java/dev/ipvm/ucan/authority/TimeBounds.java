package dev.ipvm.ucan.authority;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import java.util.List;

/**
 * Validity periods at the time of processing (core spec "Time Bounds", delegation spec
 * "Time Bounds"): a token is expired when now is after {@code exp} and not yet valid when now
 * is before {@code nbf}; at exactly {@code exp} or {@code nbf} it is valid. Every proof must be
 * valid at once, so the chain holds from the latest {@code nbf} to the earliest {@code exp}.
 * The spec recommends a ±60 s buffer for clock drift: {@code skew} widens both ends.
 */
final class TimeBounds {
  /** Timestamps outside ±(2^53 − 1) must be rejected (JavaScript numbers). */
  static final long MAX_TIMESTAMP = (1L << 53) - 1;

  private TimeBounds() {}

  static void checkInvocation(Invocation inv, long now, long skew) {
    inRange("the invocation's exp", inv.exp());
    inRange("the invocation's iat", inv.iat());
    if (inv.exp() != null && now > inv.exp() + skew) {
      throw new Rejection(Failure.EXPIRED,
          "the invocation expired at " + inv.exp() + " (now " + now + ")");
    }
  }

  static void checkChain(List<Proof> chain, long now, long skew) {
    for (Proof p : chain) {
      Delegation d = p.delegation();
      inRange(p.label() + "'s nbf", d.nbf());
      inRange(p.label() + "'s exp", d.exp());
      if (d.exp() != null && now > d.exp() + skew) {
        throw new Rejection(Failure.EXPIRED, p.label() + " expired at " + d.exp() + " (now " + now + ")");
      }
      // nbf - skew, not now + skew: now is the caller's and may be anything
      if (d.nbf() != null && now < d.nbf() - skew) {
        throw new Rejection(Failure.NOT_YET_VALID,
            p.label() + " is not valid before " + d.nbf() + " (now " + now + ")");
      }
    }
  }

  private static void inRange(String what, Long t) {
    // the payload readers already refuse negative times, so only the top can be out of range
    if (t != null && t > MAX_TIMESTAMP) {
      throw new Rejection(Failure.INVALID_TIMESTAMP,
          what + " is " + t + ", beyond 2^53 - 1 where the spec requires rejecting timestamps");
    }
  }
}
