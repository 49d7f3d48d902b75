package dev.ipvm.ucan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import org.junit.jupiter.api.Test;

class DelegationTest {
  private static final Signer ALICE = Signer.generate();
  private static final Signer BOB = Signer.generate();

  private static Delegation grant(String sub) {
    Ipld.List policy = Ipld.list(Ipld.list(Ipld.text("=="), Ipld.text(".fun"), Ipld.text("add")));
    return new Delegation(ALICE.did().toString(), BOB.did().toString(), sub, "/wasm",
        policy, new byte[] {1, 2, 3}, null, 10L, 20L);
  }

  @Test
  void signsAndVerifies() {
    Delegation d = grant(ALICE.did().toString());
    Signed<Delegation> back = Delegation.decode(Signed.sign(ALICE, d).bytes()).verify();
    assertThat(back.payload()).isEqualTo(d);
    assertThat(back.envelope().tag()).isEqualTo("ucan/dlg@1.0.0");
  }

  @Test
  void writesTheReleaseCandidateTagOnRequest() {
    Delegation d = grant(ALICE.did().toString());
    Signed<Delegation> back = Delegation.decode(Signed.sign(ALICE, d, TagSpelling.RC1).bytes()).verify();
    assertThat(back.envelope().tag()).isEqualTo("ucan/dlg@1.0.0-rc.1");
    assertThat(back.payload()).isEqualTo(d);
  }

  @Test
  void powerlineDelegationHasANullSubject() {
    Delegation d = grant(null);
    Ipld.Map ipld = d.toIpld();
    assertThat(ipld.get("sub")).isEqualTo(Ipld.NULL);
    assertThat(Delegation.fromIpld(ipld).sub()).isNull();
  }

  @Test
  void timeBounds() {
    Delegation d = grant(null);
    assertThat(d.activeAt(9)).isFalse();
    assertThat(d.activeAt(10)).isTrue();
    assertThat(d.activeAt(20)).isFalse();
  }

  @Test
  void anInvocationIsNotADelegation() {
    Invocation inv = Invocation.builder().iss(ALICE.did().toString()).cmd("/x").build();
    assertThatThrownBy(() -> Delegation.decode(Signed.sign(ALICE, inv).bytes()))
        .hasMessageContaining("is not a delegation");
  }

  @Test
  void missingAudienceIsNamed() {
    Ipld.Map m = InvocationTest.without(grant(null).toIpld(), "aud");
    assertThatThrownBy(() -> Delegation.fromIpld(m)).hasMessageContaining("delegation field 'aud' is required");
  }
}
