package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns {@code prf} CIDs into delegations: the count limit, revocation, availability and the
 * byte limit, in that order, so a refused list costs no look-ups and a revoked proof no fetch.
 */
final class Proofs {
  private Proofs() {}

  static void checkCount(List<Cid> prf, int maxProofs) {
    if (prf.size() > maxProofs) {
      throw new Rejection(Failure.TOO_MANY_PROOFS,
          "the invocation lists " + prf.size() + " proofs; at most " + maxProofs + " are accepted");
    }
  }

  static List<Proof> resolve(List<Cid> prf, Function<Cid, Optional<Signed<Delegation>>> store,
      Predicate<Cid> revoked, long maxBytes) {
    List<Proof> out = new ArrayList<>(prf.size());
    long total = 0;
    for (int i = 0; i < prf.size(); i++) {
      Cid cid = prf.get(i);
      if (revoked.test(cid)) {
        throw new Rejection(Failure.REVOKED, Proof.label(i, cid) + " has been revoked");
      }
      Optional<Signed<Delegation>> found = store.apply(cid);
      if (found == null || found.isEmpty()) {
        throw new Rejection(Failure.UNAVAILABLE_PROOF, Proof.label(i, cid) + " is not available");
      }
      if (!Proof.isBlockOf(cid, found.get())) {
        throw new Rejection(Failure.UNAVAILABLE_PROOF,
            Proof.label(i, cid) + " is not available: the delegation found for it has CID " + found.get().cid());
      }
      total += found.get().bytes().length;
      if (total > maxBytes) {
        throw new Rejection(Failure.PROOFS_TOO_LARGE, "the proofs up to " + Proof.label(i, cid) + " take "
            + total + " bytes; at most " + maxBytes + " are accepted");
      }
      out.add(new Proof(i, cid, found.get()));
    }
    return out;
  }
}
