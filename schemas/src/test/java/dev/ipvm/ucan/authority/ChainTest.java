package dev.ipvm.ucan.authority;

import static dev.ipvm.ucan.authority.Tokens.NOW;
import static dev.ipvm.ucan.authority.Tokens.did;
import static dev.ipvm.ucan.authority.Tokens.grant;
import static dev.ipvm.ucan.authority.Tokens.invoke;
import static dev.ipvm.ucan.authority.Verdicts.assertInvalid;
import static dev.ipvm.ucan.authority.Verdicts.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Principal and subject alignment, powerlines, self-issued invocations, audience and signatures. */
class ChainTest {
  static final Signer ALICE = Signer.generate(); // the subject
  static final Signer BOB = Signer.generate();
  static final Signer CAROL = Signer.generate();
  static final Signer DAN = Signer.generate(); // the invoker
  static final Signer EXECUTOR = Signer.generate();
  static final Signer MALLORY = Signer.generate();

  final Tokens t = new Tokens();
  final Validator validator = Validator.forExecutor(did(EXECUTOR));

  Verdict validate(Signed<Invocation> inv) {
    return t.validate(validator, inv, NOW);
  }

  @Test
  void selfIssuedInvocationNeedsNoProofs() {
    assertValid(validate(invoke(ALICE, did(ALICE), "/msg/send", List.of())), List.of());
  }

  @Test
  void invocationByAnotherPrincipalWithoutProofsHasNoAuthority() {
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/msg/send", List.of())), Failure.NO_AUTHORITY);
    assertThat(v.message()).contains("no proofs");
  }

  @Test
  void delegationFromTheSubjectToTheInvokerValidates() {
    List<Signed<Delegation>> prf = t.chain("/msg/send", ALICE, DAN);
    assertValid(validate(invoke(DAN, did(ALICE), "/msg/send", prf)), prf);
  }

  @Test
  void chainIsListedRootFirstAndReturnedInThatOrder() {
    List<Signed<Delegation>> prf = t.chain("/msg/send", ALICE, BOB, CAROL, DAN);
    assertValid(validate(invoke(DAN, did(ALICE), "/msg/send", prf)), prf);
  }

  @Test
  void chainListedLeafFirstIsRefused() {
    List<Signed<Delegation>> prf = new ArrayList<>(t.chain("/msg/send", ALICE, BOB, CAROL, DAN));
    java.util.Collections.reverse(prf);
    assertInvalid(validate(invoke(DAN, did(ALICE), "/msg/send", prf)), Failure.NO_AUTHORITY);
  }

  @Test
  void delegationToSomeoneElseThanTheNextIssuerBreaksTheChain() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"));
    Signed<Delegation> skip = t.sign(CAROL, grant(CAROL, DAN, did(ALICE), "/"));
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(root, skip))),
        Failure.INVALID_PROOF_CHAIN);
    assertThat(v.message()).contains("prf[0]", "prf[1]", did(BOB), did(CAROL));
  }

  @Test
  void lastDelegationMustBeToTheInvoker() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, CAROL);
    assertInvalid(validate(invoke(DAN, did(ALICE), "/x", prf)), Failure.INVALID_PROOF_CHAIN);
  }

  @Test
  void rootNotIssuedByTheSubjectHasNoAuthority() {
    // Mallory grants Dan authority over Alice: every sub says Alice, but Mallory is not Alice
    Signed<Delegation> forged = t.sign(MALLORY, grant(MALLORY, DAN, did(ALICE), "/"));
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(forged))), Failure.NO_AUTHORITY);
    assertThat(v.message()).contains("not by the subject");
  }

  @Test
  void middleDelegationAboutAnotherSubjectIsInvalidSubject() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"));
    Signed<Delegation> other = t.sign(BOB, grant(BOB, DAN, did(CAROL), "/"));
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(root, other))),
        Failure.INVALID_SUBJECT);
    assertThat(v.message()).contains("prf[1]");
  }

  @Test
  void invocationAboutAnotherSubjectThanItsChainIsInvalidSubject() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, BOB, DAN);
    assertInvalid(validate(invoke(DAN, did(CAROL), "/x", prf)), Failure.INVALID_SUBJECT);
  }

  @Test
  void powerlineAfterTheRootStandsForTheSubject() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/msg"));
    Signed<Delegation> powerline = t.sign(BOB, grant(BOB, DAN, null, "/"));
    List<Signed<Delegation>> prf = List.of(root, powerline);
    assertValid(validate(invoke(DAN, did(ALICE), "/msg/send", prf)), prf);
  }

  @Test
  void powerlineStillMustAlignItsPrincipals() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"));
    Signed<Delegation> powerline = t.sign(CAROL, grant(CAROL, DAN, null, "/"));
    assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(root, powerline))), Failure.INVALID_PROOF_CHAIN);
  }

  @Test
  void powerlineAsTheRootHasNoAuthority() {
    Signed<Delegation> powerline = t.sign(ALICE, grant(ALICE, DAN, null, "/"));
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(powerline))), Failure.NO_AUTHORITY);
    assertThat(v.message()).contains("powerline");
  }

  @Test
  void selfIssuedInvocationWithProofsHasThemChecked() {
    List<Signed<Delegation>> loop = t.chain("/", ALICE, BOB, ALICE);
    assertValid(validate(invoke(ALICE, did(ALICE), "/x", loop)), loop);
    List<Signed<Delegation>> broken = t.chain("/", ALICE, BOB);
    assertInvalid(validate(invoke(ALICE, did(ALICE), "/x", broken)), Failure.INVALID_PROOF_CHAIN);
  }

  @Test
  void audienceThatIsTheSubjectIsAccepted() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    Invocation inv = Tokens.invocation(DAN, did(ALICE), "/x", prf).aud(did(ALICE)).build();
    assertValid(validate(Signed.sign(DAN, inv)), prf);
  }

  @Test
  void audienceThatIsThisExecutorIsAccepted() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    Invocation inv = Tokens.invocation(DAN, did(ALICE), "/x", prf).aud(did(EXECUTOR)).build();
    assertValid(validate(Signed.sign(DAN, inv)), prf);
  }

  @Test
  void audienceThatIsSomeoneElseIsRefused() {
    List<Signed<Delegation>> prf = t.chain("/", ALICE, DAN);
    Invocation inv = Tokens.invocation(DAN, did(ALICE), "/x", prf).aud(did(MALLORY)).build();
    Verdict.Invalid v = assertInvalid(validate(Signed.sign(DAN, inv)), Failure.INVALID_AUDIENCE);
    assertThat(v.message()).contains(did(MALLORY));
  }

  @Test
  void withoutAConfiguredExecutorTheAudienceMustBeTheSubject() {
    Validator anonymous = new Validator(Validator.Settings.defaults(null));
    Invocation toExecutor = Invocation.builder().iss(did(ALICE)).cmd("/x").aud(did(EXECUTOR)).build();
    Invocation toSubject = Invocation.builder().iss(did(ALICE)).cmd("/x").aud(did(ALICE)).build();
    assertInvalid(t.validate(anonymous, Signed.sign(ALICE, toExecutor), NOW), Failure.INVALID_AUDIENCE);
    assertValid(t.validate(anonymous, Signed.sign(ALICE, toSubject), NOW), List.of());
  }

  @Test
  void invocationSignedByAnotherKeyThanItsIssuerIsInvalidSignature() {
    Invocation inv = Invocation.builder().iss(did(ALICE)).cmd("/x").build();
    Envelope forged = Envelope.sign(MALLORY, Invocation.TAG, inv.toIpld());
    assertInvalid(validate(Invocation.decode(forged.bytes())), Failure.INVALID_SIGNATURE);
  }

  @Test
  void middleProofSignedByAnotherKeyIsInvalidSignature() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"));
    Delegation middle = grant(BOB, CAROL, did(ALICE), "/");
    Signed<Delegation> forged = t.put(Delegation.decode(Envelope.sign(MALLORY, Delegation.TAG, middle.toIpld()).bytes()));
    Signed<Delegation> leaf = t.sign(CAROL, grant(CAROL, DAN, did(ALICE), "/"));
    Verdict.Invalid v = assertInvalid(validate(invoke(DAN, did(ALICE), "/x", List.of(root, forged, leaf))),
        Failure.INVALID_SIGNATURE);
    assertThat(v.message()).contains("prf[1]");
  }
}
