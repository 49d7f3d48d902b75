package dev.ipvm.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.AuthoritySettings;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.authority.Validator;
import java.time.Duration;
import java.util.Optional;
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

  Authority authority(String subjects) {
    return new Authority(executor.did().toString(), new AuthoritySettings(subjects, Validator.DEFAULT_MAX_PROOFS,
        Validator.DEFAULT_MAX_PROOF_BYTES, Duration.ofSeconds(60), 100));
  }

  String name(Authority a, Signed<Invocation> inv, List<Signed<Delegation>> proofs) {
    Authority.Refusal no = a.check(inv, headers(proofs), NOW, c -> Optional.empty(), c -> false);
    return no == null ? "ok" : no.name();
  }

  @Test
  void selfIssuedInvocationsAreServedOnlyWhenSelfIsListed() {
    Signed<Invocation> own = invocation(user, user.did().toString(), List.of());
    assertThat(name(authority("self"), own, List.of())).isEqualTo("ok");
    assertThat(name(authority("executor"), own, List.of())).isEqualTo("Unauthorized");
    assertThat(name(authority(user.did().toString()), own, List.of())).isEqualTo("ok");
  }

  @Test
  void theExecutorsOwnInvocationsAreAlwaysServed() {
    Signed<Invocation> fx = invocation(executor, executor.did().toString(), List.of());
    assertThat(name(authority("did:key:z6MkSomeoneElse"), fx, List.of())).isEqualTo("ok");
  }

  @Test
  void onTheExecutorsBehalfTheChainFromItsKeyIsChecked() {
    Authority a = authority("executor");
    Signed<Delegation> grant = Signed.sign(executor, new Delegation(executor.did().toString(), user.did().toString(),
        executor.did().toString(), "/wasm", Ipld.list(), new byte[] {1}, null, null, null));
    Signed<Invocation> inv = invocation(user, executor.did().toString(), List.of(grant));
    assertThat(name(a, inv, List.of(grant))).isEqualTo("ok");
    assertThat(name(a, inv, List.of())).isEqualTo("UnavailableProof");
    assertThat(name(authority("self"), inv, List.of(grant))).isEqualTo("Unauthorized");
    assertThat(a.check(inv, new byte[0], NOW, c -> c.equals(grant.cid()) ? Optional.of(grant) : Optional.empty(),
        c -> false)).as("a delegation read from the delegations topic").isNull();
    assertThat(a.check(inv, headers(List.of(grant)), NOW, c -> Optional.empty(), c -> c.equals(grant.cid())).name())
        .isEqualTo("Revoked");
    assertThat(a.check(inv, DagCbor.encode(Ipld.list(Ipld.Bytes.of(new byte[] {1, 2}))), NOW, c -> Optional.empty(),
        c -> false).message())
        .contains("not a delegation");
  }
}
