package dev.ipvm.ucan.authority;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import java.util.List;

/**
 * The line of authority from the subject to the invoker. {@code prf} starts at the root (invocation
 * spec, "Proofs"): the root is issued by the subject, each delegation's {@code aud} is the next one's
 * {@code iss}, and the last one's {@code aud} is the invoker. Every delegation is about the
 * invocation's subject, or is a powerline ({@code sub: null}) that stands for the subject before
 * it; the root may not be a powerline ("a priori there is no such thing as a null subject").
 * DIDs are compared without fragments (delegation spec, "Principal Alignment").
 */
final class Chain {
  private Chain() {}

  static void check(Invocation inv, List<Proof> chain) {
    String subject = inv.sub();
    Proof previous = null;
    for (Proof p : chain) {
      Delegation d = p.delegation();
      if (previous == null) {
        root(p, subject);
      } else {
        if (d.sub() != null && !same(d.sub(), subject)) {
          throw new Rejection(Failure.INVALID_SUBJECT,
              p.label() + " is about " + d.sub() + ", but the invocation's subject is " + subject);
        }
        if (!same(previous.delegation().aud(), d.iss())) {
          throw new Rejection(Failure.INVALID_PROOF_CHAIN, previous.label() + " delegates to "
              + previous.delegation().aud() + ", but " + p.label() + " is issued by " + d.iss());
        }
      }
      previous = p;
    }
    if (previous != null && !same(previous.delegation().aud(), inv.iss())) {
      throw new Rejection(Failure.INVALID_PROOF_CHAIN, "the last proof " + previous.label()
          + " delegates to " + previous.delegation().aud() + ", but the invocation is issued by " + inv.iss());
    }
  }

  private static void root(Proof p, String subject) {
    Delegation d = p.delegation();
    if (d.sub() == null) {
      throw new Rejection(Failure.NO_AUTHORITY, "the root proof " + p.label()
          + " is a powerline (sub: null); a chain must start with a delegation from its subject");
    }
    if (!same(d.sub(), subject)) {
      throw new Rejection(Failure.INVALID_SUBJECT, "the root proof " + p.label() + " is about "
          + d.sub() + ", but the invocation's subject is " + subject);
    }
    if (!same(d.iss(), subject)) {
      throw new Rejection(Failure.NO_AUTHORITY, "the root proof " + p.label() + " is issued by "
          + d.iss() + ", not by the subject " + subject);
    }
  }

  /** Whether two DIDs name the same principal: equal once any {@code #fragment} is dropped. */
  static boolean same(String a, String b) {
    return withoutFragment(a).equals(withoutFragment(b));
  }

  private static String withoutFragment(String did) {
    int hash = did.indexOf('#');
    return hash < 0 ? did : did.substring(0, hash);
  }
}
