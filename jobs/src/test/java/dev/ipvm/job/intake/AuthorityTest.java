package dev.ipvm.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorityTest {
  static final long NOW = 1_800_000_000L;
  final Signer executor = Signer.generate();
  final Signer user = Signer.generate();

  Signed<Invocation> invocation(Signer by, String sub, List<Signed<Delegation>> prf) {
    return Signed.sign(by, Invocation.builder().iss(by.did().toString()).sub(sub).cmd("/wasm/run")
        .args(Ipld.Map.EMPTY).prf(prf.stream().map(Signed::cid).toList()).emptyNonce().build());
  }

  static byte[] headers(List<Signed<Delegation>> proofs) {
    return proofs.isEmpty() ? new byte[0]
        : DagCbor.encode(new Ipld.List(proofs.stream().map(d -> (Ipld) Ipld.Bytes.of(d.bytes())).toList()));
  }

  String name(Authority a, Signed<Invocation> inv, List<Signed<Delegation>> proofs) {
    Authority.Refusal no = a.check(inv, headers(proofs), NOW);
    return no == null ? "ok" : no.name();
  }

  @Test
  void selfIssuedInvocationsAreServedOnlyWhenSelfIsListed() {
    Signed<Invocation> own = invocation(user, user.did().toString(), List.of());
    assertThat(name(new Authority(executor.did().toString(), "self"), own, List.of())).isEqualTo("ok");
    assertThat(name(new Authority(executor.did().toString(), "executor"), own, List.of())).isEqualTo("Unauthorized");
    assertThat(name(new Authority(executor.did().toString(), user.did().toString()), own, List.of())).isEqualTo("ok");
  }

  @Test
  void theExecutorsOwnInvocationsAreAlwaysServed() {
    Signed<Invocation> fx = invocation(executor, executor.did().toString(), List.of());
    assertThat(name(new Authority(executor.did().toString(), "did:key:z6MkSomeoneElse"), fx, List.of())).isEqualTo("ok");
  }

  @Test
  void onTheExecutorsBehalfTheChainFromItsKeyIsChecked() {
    Authority a = new Authority(executor.did().toString(), "executor");
    Signed<Delegation> grant = Signed.sign(executor, new Delegation(executor.did().toString(), user.did().toString(),
        executor.did().toString(), "/wasm", Ipld.list(), new byte[] {1}, null, null, null));
    Signed<Invocation> inv = invocation(user, executor.did().toString(), List.of(grant));
    assertThat(name(a, inv, List.of(grant))).isEqualTo("ok");
    assertThat(name(a, inv, List.of())).isEqualTo("UnavailableProof");
    assertThat(name(new Authority(executor.did().toString(), "self"), inv, List.of(grant))).isEqualTo("Unauthorized");
    assertThat(a.check(inv, DagCbor.encode(Ipld.list(Ipld.Bytes.of(new byte[] {1, 2}))), NOW).message())
        .contains("not a delegation");
  }
}
