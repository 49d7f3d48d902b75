package dev.ipvm.ucan.authority;

import static dev.ipvm.ucan.authority.Tokens.NOW;
import static dev.ipvm.ucan.authority.Tokens.did;
import static dev.ipvm.ucan.authority.Tokens.grant;
import static dev.ipvm.ucan.authority.Verdicts.assertInvalid;
import static dev.ipvm.ucan.authority.Verdicts.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Finding the proofs: revocation, availability, the store's honesty, limits and both tag spellings. */
class ProofsTest {
  static final Signer ALICE = Signer.generate();
  static final Signer BOB = Signer.generate();
  static final Signer CAROL = Signer.generate();
  static final Signer DAN = Signer.generate();

  final Tokens t = new Tokens();
  final Validator validator = Validator.forExecutor(null);

  Verdict validate(List<Signed<Delegation>> prf) {
    return t.validate(validator, Tokens.invoke(DAN, did(ALICE), "/x", prf), NOW);
  }

  @Test
  void revokedMiddleLinkRevokesTheChain() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, CAROL, DAN);
    assertValid(validate(prf), prf);
    t.revoked.add(prf.get(1).cid());
    Verdict.Invalid v = assertInvalid(validate(prf), Failure.REVOKED);
    assertThat(v.message()).contains("prf[1]", prf.get(1).cid().toString());
  }

  @Test
  void revokingAnUnrelatedDelegationChangesNothing() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, DAN);
    t.revoked.add(t.sign(ALICE, grant(ALICE, CAROL, did(ALICE), "/")).cid());
    assertValid(validate(prf), prf);
  }

  @Test
  void revokedProofIsNotLookedUp() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    AtomicInteger lookups = new AtomicInteger();
    Verdict v = validator.validate(Tokens.invoke(DAN, did(ALICE), "/x", prf),
        cid -> { lookups.incrementAndGet(); return Optional.of(prf.get(0)); }, NOW, cid -> true);
    assertInvalid(v, Failure.REVOKED);
    assertThat(lookups).hasValue(0);
  }

  @Test
  void proofTheStoreDoesNotHaveIsUnavailable() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, DAN);
    t.store.remove(prf.get(1).cid());
    Verdict.Invalid v = assertInvalid(validate(prf), Failure.UNAVAILABLE_PROOF);
    assertThat(v.message()).contains("prf[1]");
  }

  @Test
  void storeAnsweringWithAnotherDelegationIsUnavailable() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    Signed<Delegation> other = t.sign(ALICE, grant(ALICE, DAN, did(ALICE), "/other"));
    Verdict v = validator.validate(Tokens.invoke(DAN, did(ALICE), "/x", prf), cid -> Optional.of(other), NOW,
        cid -> false);
    assertThat(assertInvalid(v, Failure.UNAVAILABLE_PROOF).message()).contains(other.cid().toString());
  }

  @Test
  void moreProofsThanTheLimitAreRefusedBeforeAnyLookUp() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, CAROL, DAN);
    Validator two = new Validator(Validator.Settings.defaults(null).withMaxProofs(2));
    Validator three = new Validator(Validator.Settings.defaults(null).withMaxProofs(3));
    Signed<Invocation> inv = Tokens.invoke(DAN, did(ALICE), "/x", prf);
    Verdict v = two.validate(inv, cid -> { throw new AssertionError("looked up " + cid); }, NOW, cid -> false);
    assertThat(assertInvalid(v, Failure.TOO_MANY_PROOFS).message()).contains("3 proofs", "at most 2");
    assertValid(t.validate(three, inv, NOW), prf);
  }

  @Test
  void defaultLimitIsThirtyTwoProofs() {
    Signer[] principals = new Signer[34];
    principals[0] = ALICE;
    for (int i = 1; i < principals.length; i++) {
      principals[i] = Signer.generate();
    }
    List<Signed<Delegation>> prf = t.chain("/", principals);
    Signer last = principals[principals.length - 1];
    assertInvalid(t.validate(validator, Tokens.invoke(last, did(ALICE), "/x", prf), NOW), Failure.TOO_MANY_PROOFS);
    List<Signed<Delegation>> thirtyTwo = prf.subList(0, 32);
    assertValid(t.validate(validator, Tokens.invoke(principals[32], did(ALICE), "/x", thirtyTwo), NOW), thirtyTwo);
  }

  @Test
  void proofsLargerTogetherThanTheLimitAreRefused() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, DAN);
    long size = prf.get(0).bytes().length + prf.get(1).bytes().length;
    Validator fits = new Validator(Validator.Settings.defaults(null).withMaxProofBytes(size));
    Validator tight = new Validator(Validator.Settings.defaults(null).withMaxProofBytes(size - 1));
    Signed<Invocation> inv = Tokens.invoke(DAN, did(ALICE), "/x", prf);
    assertValid(t.validate(fits, inv, NOW), prf);
    assertThat(assertInvalid(t.validate(tight, inv, NOW), Failure.PROOFS_TOO_LARGE).message()).contains("prf[1]");
  }

  @Test
  void bothTagSpellingsAreReadInOneChain() {
    List<Signed<Delegation>> prf = new ArrayList<>();
    prf.add(t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"), "ucan/dlg@1.0.0"));
    prf.add(t.sign(BOB, grant(BOB, CAROL, did(ALICE), "/"), "ucan/dlg@1.0.0-rc.1"));
    prf.add(t.sign(CAROL, grant(CAROL, DAN, did(ALICE), "/"), "ucan/dlg@1.0.0"));
    assertThat(Delegation.TAGS).contains("ucan/dlg@1.0.0", "ucan/dlg@1.0.0-rc.1");
    Invocation inv = Tokens.invocation(DAN, did(ALICE), "/x", prf).build();
    for (String tag : Invocation.TAGS) {
      Signed<Invocation> received = Invocation.decode(Envelope.sign(DAN, tag, inv.toIpld()).bytes());
      assertThat(received.envelope().tag()).isEqualTo(tag);
      assertValid(t.validate(validator, received, NOW), prf);
    }
    assertThat(Invocation.TAGS).contains("ucan/inv@1.0.0", "ucan/inv@1.0.0-rc.1");
  }

  @Test
  void chainIsValidatedFromTheCidsInPrf() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    List<Cid> asked = new ArrayList<>();
    validator.validate(Tokens.invoke(DAN, did(ALICE), "/x", prf),
        cid -> { asked.add(cid); return Optional.ofNullable(t.store.get(cid)); }, NOW, cid -> false);
    assertThat(asked).containsExactly(prf.get(0).cid());
  }
}
