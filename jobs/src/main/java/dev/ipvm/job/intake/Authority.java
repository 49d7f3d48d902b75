package dev.ipvm.job.intake;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.job.config.AuthoritySettings;
import dev.ipvm.job.event.JobError;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.authority.Failure;
import dev.ipvm.ucan.authority.Validator;
import dev.ipvm.ucan.authority.Verdict;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Whether this executor runs an invocation: it is valid (UCAN 1.0, {@link Validator}: its
 * signature, audience, time bounds and the proof chain from its subject to its invoker), and its
 * subject is one the executor serves ({@code authority.subjects}). The delegations travel with
 * the invocation, one per {@code ucan-proof} record header, or were read from the delegations
 * topic ({@link Credentials}).
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

  Authority(String executorDid, AuthoritySettings settings) {
    this.validator = new Validator(settings.validator(executorDid));
    this.executorDid = executorDid;
    this.setting = settings.subjects();
    Set<String> parts = Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
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

  /**
   * Null when {@code inv} may run, else why not.
   *
   * @param proofHeaders the record's {@code ucan-proof} headers ({@link dev.ipvm.job.event.InboundRecord#proofs})
   * @param known delegations read from the delegations topic, by CID
   * @param revoked whether a delegation has been revoked
   */
  Refusal check(Signed<Invocation> inv, byte[] proofHeaders, long nowSeconds,
      Function<Cid, Optional<Signed<Delegation>>> known, Predicate<Cid> revoked) {
    Map<Cid, Signed<Delegation>> sent;
    try {
      sent = headerProofs(proofHeaders);
    } catch (RuntimeException e) {
      return new Refusal(Failure.UNAVAILABLE_PROOF.errorName(), "a ucan-proof header is not a delegation: " + e.getMessage());
    }
    Function<Cid, Optional<Signed<Delegation>>> proofs = cid -> {
      Signed<Delegation> d = sent.get(cid);
      return d != null ? Optional.of(d) : known.apply(cid);
    };
    Verdict v = validator.validate(inv, proofs, nowSeconds, revoked);
    if (v instanceof Verdict.Invalid bad) {
      return new Refusal(bad.failure().errorName(), bad.message());
    }
    Invocation p = inv.payload();
    boolean selfIssued = p.sub().equals(p.iss());
    // the executor's own invocations (the effects a function asked for) are always its to run
    boolean own = selfIssued && p.sub().equals(executorDid);
    boolean served = own || (self && selfIssued) || (executor && p.sub().equals(executorDid)) || dids.contains(p.sub());
    return served ? null : new Refusal(JobError.UNAUTHORIZED.errorName(), "this executor does not serve subject " + p.sub()
        + " (authority.subjects = " + setting + ")");
  }

  /** The delegations in a record's {@code ucan-proof} headers, by CID. */
  static Map<Cid, Signed<Delegation>> headerProofs(byte[] proofHeaders) {
    Map<Cid, Signed<Delegation>> out = new HashMap<>();
    if (proofHeaders.length > 0) {
      for (Ipld item : ((Ipld.List) DagCbor.decode(proofHeaders)).items()) {
        Signed<Delegation> d = Delegation.decode(((Ipld.Bytes) item).toByteArray());
        out.put(d.cid(), d);
      }
    }
    return out;
  }
}
