package dev.ipvm.ucan.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Who may revoke a delegation: its issuer, or an issuer above it who shows the chain down to it. */
class RevocationTest {
  final Signer alice = Signer.generate(); // the subject
  final Signer bob = Signer.generate();
  final Signer carol = Signer.generate();
  final Signer mallory = Signer.generate();

  Signed<Delegation> delegate(Signer from, Signer to) {
    return Signed.sign(from, new Delegation(from.did().toString(), to.did().toString(), alice.did().toString(), "/",
        Ipld.list(), new byte[] {7}, null, null, null));
  }

  final Signed<Delegation> toBob = delegate(alice, bob);
  final Signed<Delegation> toCarol = delegate(bob, carol);

  Function<Cid, Optional<Signed<Delegation>>> known(List<Signed<Delegation>> ds) {
    Map<Cid, Signed<Delegation>> m = ds.stream().collect(Collectors.toMap(Signed::cid, d -> d));
    return c -> Optional.ofNullable(m.get(c));
  }

  Signed<Invocation> revoke(Signer by, Signed<Delegation> what, List<Signed<Delegation>> prf) {
    return Signed.sign(by, Revocation.builder(by.did().toString(), what.cid(), prf.stream().map(Signed::cid).toList())
        .emptyNonce().build());
  }

  @Test
  void theIssuerRevokesItsOwnDelegation() {
    assertThat(Revocation.check(revoke(bob, toCarol, List.of()), known(List.of(toCarol)))).isEqualTo(toCarol.cid());
  }

  @Test
  void anIssuerAboveRevokesWithTheChainDownToIt() {
    var rev = revoke(alice, toCarol, List.of(toBob, toCarol));
    assertThat(Revocation.check(rev, known(List.of(toBob, toCarol)))).isEqualTo(toCarol.cid());
  }

  @Test
  void anyoneElseIsRefused() {
    assertThatThrownBy(() -> Revocation.check(revoke(mallory, toCarol, List.of()), known(List.of(toCarol))))
        .isInstanceOf(Revocation.Invalid.class).hasMessageContaining("did not issue");
    // a chain that does not start with the revoker
    assertThatThrownBy(() -> Revocation.check(revoke(mallory, toCarol, List.of(toBob, toCarol)),
        known(List.of(toBob, toCarol)))).hasMessageContaining("expected " + mallory.did() + " (the revoker)");
    // a chain with a gap: Alice's delegation to Bob does not lead to a delegation issued by Carol
    Signed<Delegation> carolToMallory = delegate(carol, mallory);
    assertThatThrownBy(() -> Revocation.check(revoke(alice, carolToMallory, List.of(toBob, carolToMallory)),
        known(List.of(toBob, carolToMallory)))).hasMessageContaining("the audience of prf[0]");
  }

  @Test
  void theRevokedDelegationMustBeKnownAndEverySignatureHold() {
    assertThatThrownBy(() -> Revocation.check(revoke(bob, toCarol, List.of()), known(List.of())))
        .hasMessageContaining("not available");
    Signed<Invocation> good = revoke(bob, toCarol, List.of());
    byte[] tampered = good.bytes().clone();
    tampered[5] ^= 1;
    assertThatThrownBy(() -> Revocation.check(Invocation.decode(tampered), known(List.of(toCarol))))
        .hasMessageContaining("does not verify");
  }

  @Test
  void onlyTheRevokeCommandWithALinkIsARevocation() {
    Signed<Invocation> other = Signed.sign(bob, Invocation.builder().iss(bob.did().toString())
        .sub(bob.did().toString()).cmd("/wasm/run").args(Ipld.Map.builder().put("ucan", Ipld.link(toCarol.cid())).build())
        .emptyNonce().build());
    assertThatThrownBy(() -> Revocation.check(other, known(List.of(toCarol)))).hasMessageContaining("not /ucan/revoke");
    Signed<Invocation> text = Signed.sign(bob, Invocation.builder().iss(bob.did().toString()).sub(bob.did().toString())
        .cmd(Revocation.COMMAND).args(Ipld.Map.builder().put("ucan", toCarol.cid().toString()).build())
        .emptyNonce().build());
    assertThatThrownBy(() -> Revocation.check(text, known(List.of(toCarol)))).hasMessageContaining("must be a link");
  }
}
