package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A revocation: an invocation of {@code /ucan/revoke} whose {@code args.ucan} links the revoked
 * delegation (core spec, "Revocation"; the revocation spec's draft). Whoever issued the revoked
 * delegation may revoke it, and so may the issuer of any delegation above it in its chain: then
 * the revocation's {@code prf} shows that chain, from the revoker's delegation down to the
 * revoked one, as in the core spec's example {@code revoke(➋, proof: [➊,➋])}.
 *
 * <p>A revocation is irreversible and needs no time bounds: revoking an expired delegation is
 * harmless, so only signatures and the line of issuers are checked.
 */
public final class Revocation {
  /** The command, in the reserved {@code /ucan} namespace. */
  public static final String COMMAND = "/ucan/revoke";

  private Revocation() {}

  /** Why a record is not a revocation this executor honours. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** The payload of a revocation of {@code revoked} by {@code revoker}, self-issued, {@code prf} as given. */
  public static Invocation.Builder builder(String revoker, Cid revoked, List<Cid> prf) {
    return Invocation.builder().iss(revoker).sub(revoker).cmd(COMMAND)
        .args(Ipld.Map.builder().put("ucan", Ipld.link(revoked)).build()).prf(prf);
  }

  /**
   * The CID {@code rev} revokes, once shown to come from one who may revoke it.
   *
   * @param delegations finds a delegation by CID (the record's proofs, then those already known)
   * @throws Invalid naming what is wrong
   */
  public static Cid check(Signed<Invocation> rev, Function<Cid, Optional<Signed<Delegation>>> delegations) {
    Invocation p = rev.payload();
    if (!COMMAND.equals(p.cmd())) {
      throw new Invalid("the command is " + p.cmd() + ", not " + COMMAND);
    }
    if (!(p.args().get("ucan") instanceof Ipld.Link link)) {
      throw new Invalid("args.ucan must be a link to the revoked delegation");
    }
    verify(rev, "the revocation");
    Cid revoked = link.cid();
    Signed<Delegation> target = find(delegations, revoked, "the revoked delegation");
    verify(target, "the revoked delegation " + revoked);
    if (Chain.same(p.iss(), target.payload().iss())) {
      return revoked; // its own issuer takes it back
    }
    // otherwise prf is the chain from the revoker's delegation down to the revoked one
    List<Cid> prf = p.prf();
    if (prf.isEmpty() || !prf.get(prf.size() - 1).equals(revoked)) {
      throw new Invalid(p.iss() + " did not issue " + revoked + " (" + target.payload().iss() + " did), and prf "
          + "does not show a chain from the revoker down to it (it must end with the revoked delegation)");
    }
    String expectedIssuer = p.iss();
    for (int i = 0; i < prf.size(); i++) {
      Signed<Delegation> d = i == prf.size() - 1 ? target : find(delegations, prf.get(i), "prf[" + i + "]");
      verify(d, "prf[" + i + "] (" + prf.get(i) + ")");
      if (!Chain.same(d.payload().iss(), expectedIssuer)) {
        throw new Invalid("prf[" + i + "] (" + prf.get(i) + ") is issued by " + d.payload().iss() + ", expected "
            + expectedIssuer + (i == 0 ? " (the revoker)" : " (the audience of prf[" + (i - 1) + "])"));
      }
      expectedIssuer = d.payload().aud();
    }
    return revoked;
  }

  private static Signed<Delegation> find(Function<Cid, Optional<Signed<Delegation>>> delegations, Cid cid,
      String what) {
    Optional<Signed<Delegation>> d = delegations.apply(cid);
    if (d == null || d.isEmpty()) {
      throw new Invalid(what + " " + cid + " is not available: send it in a ucan-proof header, or publish it first");
    }
    if (!Proof.isBlockOf(cid, d.get())) {
      throw new Invalid(what + " " + cid + " is not available: the delegation found has CID " + d.get().cid());
    }
    return d.get();
  }

  private static void verify(Signed<?> token, String what) {
    Optional<UcanException> problem = token.signatureProblem();
    if (problem.isPresent()) {
      throw new Invalid(what + " does not verify: " + problem.get().getMessage());
    }
  }
}
