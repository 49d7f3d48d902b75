package dev.ipvm.ucan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Verifying with cached issuer keys decides exactly as verifying from the did:key each time. */
class IssuerKeysTest {
  private static Signed<Invocation> invocation(Signer issuer, String iss, int i) {
    Invocation inv = Invocation.builder().iss(iss).sub(iss).cmd("/wasm/run")
        .args(Ipld.Map.builder().put("i", Ipld.integer(i)).build()).emptyNonce().build();
    return new Signed<>(Envelope.sign(issuer, inv.tag(TagSpelling.FINAL), inv.toIpld()), inv);
  }

  @Test
  void aCachedIssuerStillRejectsAnotherKeysSignature() {
    Signer alice = Signer.generate();
    Signer mallory = Signer.generate();
    String did = alice.did().toString();
    invocation(alice, did, 1).verify(); // alice's key is cached now
    // mallory signs a payload naming alice as issuer: the cached key must refuse it
    Signed<Invocation> forged = invocation(mallory, did, 2);
    assertThatThrownBy(forged::verify).isInstanceOfSatisfying(UcanException.class,
        e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.BAD_SIGNATURE));
    assertThat(forged.signatureProblem()).isPresent();
    assertThat(invocation(alice, did, 3).signatureProblem()).isEmpty();
  }

  @Test
  void anInvalidDidIsRefusedEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> IssuerKeys.of("did:key:zNotBase58!")).isInstanceOfSatisfying(UcanException.class,
          e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.INVALID_DID));
    }
  }

  @Test
  void aKeyThatIsNoCurvePointVerifiesNothing() {
    // y = 2^255 - 1 is not below p: no canonical encoding of a point, so nothing verifies against it
    byte[] notAPoint = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    String did = new DidKey(notAPoint).toString();
    assertThat(IssuerKeys.of(did).point()).isNull();
    assertThat(IssuerKeys.of(did).verify(new byte[1], 0, 1, new byte[64])).isFalse();
    assertThat(Ed25519.verify(notAPoint, new byte[1], new byte[64])).isFalse();
  }

  @Test
  void theCacheStartsOverWhenFullAndStillAnswers() {
    Signer alice = Signer.generate();
    for (int i = 0; i <= IssuerKeys.MAX_ENTRIES; i++) {
      IssuerKeys.of(Signer.generate().did().toString());
    }
    assertThat(invocation(alice, alice.did().toString(), 1).signatureProblem()).isEmpty();
  }
}
