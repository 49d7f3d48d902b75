package dev.ipvm.ucan.authority;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.policy.Policy;
import dev.ipvm.ucan.policy.PolicyException;
import java.util.List;
import java.util.Optional;

/**
 * The invocation's {@code args} must satisfy the policy of every delegation in the chain
 * (invocation spec, "Arguments"): each link can only narrow what the links before it allowed.
 */
final class Policies {
  private Policies() {}

  static void check(Ipld.Map args, List<Proof> chain) {
    for (Proof p : chain) {
      Policy policy;
      try {
        policy = Policy.parse(p.delegation().pol());
      } catch (PolicyException e) {
        throw new Rejection(Failure.INVALID_POLICY,
            p.label() + " has a malformed policy (" + e.reason() + "): " + e.getMessage());
      }
      Optional<String> violation = policy.violation(args);
      if (violation.isPresent()) {
        throw new Rejection(Failure.POLICY_VIOLATION,
            "the arguments do not satisfy the policy of " + p.label() + ": " + violation.get());
      }
    }
  }
}
