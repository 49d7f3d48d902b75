package dev.ipvm.job.intake;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.authority.Validator;
import dev.ipvm.ucan.authority.Verdict;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this executor runs an invocation: its subject is one the executor serves
 * ({@code authority.subjects}) and the proof chain from that subject to the invoker holds
 * (UCAN 1.0, {@link Validator}). The delegations travel with the invocation, one per
 * {@code ucan-proof} record header.
 */
final class Authority {
  /** Why an invocation is refused: the error name its receipt carries, and a message. */
  record Refusal(String name, String message) {}

  private final Validator validator;
  private final String executorDid;
  private final String setting;
  private final boolean self;
  private final boolean executor;
  private final Set<String> dids;

  /** @param subjects comma-separated: {@code self}, {@code executor}, or DIDs */
  Authority(String executorDid, String subjects) {
    this.validator = Validator.forExecutor(executorDid);
    this.executorDid = executorDid;
    this.setting = subjects;
    Set<String> parts = Arrays.stream(subjects.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    this.self = parts.remove("self");
    this.executor = parts.remove("executor");
    for (String p : parts) {
      if (!p.startsWith("did:")) {
        throw new IllegalArgumentException("authority.subjects takes self, executor or DIDs; got '" + p + "'");
      }
    }
    this.dids = parts;
  }

  /** Null when {@code inv} (its signature already verified) may run, else why not. */
  Refusal check(Signed<Invocation> inv, byte[] proofHeaders, long nowSeconds) {
    Invocation p = inv.payload();
    boolean selfIssued = p.sub().equals(p.iss());
    // the executor's own invocations (the effects a function asked for) are always its to run
    boolean own = selfIssued && p.sub().equals(executorDid);
    boolean served = own || (self && selfIssued) || (executor && p.sub().equals(executorDid)) || dids.contains(p.sub());
    if (!served) {
      return new Refusal("Unauthorized", "this executor does not serve subject " + p.sub()
          + " (authority.subjects = " + setting + ")");
    }
    if (selfIssued && p.prf().isEmpty()) {
      return null; // the subject acts on itself: nothing to prove
    }
    Map<Cid, Signed<Delegation>> proofs = new HashMap<>();
    if (proofHeaders.length > 0) {
      for (Ipld item : ((Ipld.List) DagCbor.decode(proofHeaders)).items()) {
        byte[] bytes = ((Ipld.Bytes) item).toByteArray();
        try {
          Signed<Delegation> d = Delegation.decode(bytes);
          proofs.put(d.cid(), d);
        } catch (RuntimeException e) {
          return new Refusal("UnavailableProof", "a ucan-proof header is not a delegation: " + e.getMessage());
        }
      }
    }
    Verdict v = validator.validate(inv, cid -> Optional.ofNullable(proofs.get(cid)), nowSeconds, cid -> false);
    return v instanceof Verdict.Invalid bad ? new Refusal(bad.failure().errorName(), bad.message()) : null;
  }
}
