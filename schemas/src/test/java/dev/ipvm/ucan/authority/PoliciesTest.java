package dev.ipvm.ucan.authority;

import static dev.ipvm.ucan.authority.Tokens.NOW;
import static dev.ipvm.ucan.authority.Tokens.did;
import static dev.ipvm.ucan.authority.Verdicts.assertInvalid;
import static dev.ipvm.ucan.authority.Verdicts.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every delegation's policy, evaluated against the invocation's args. */
class PoliciesTest {
  static final Signer ALICE = Signer.generate();
  static final Signer BOB = Signer.generate();
  static final Signer DAN = Signer.generate();

  final Tokens t = new Tokens();
  final Validator validator = Validator.forExecutor(null);

  static Ipld.List statement(String op, String selector, Ipld value) {
    return Ipld.list(Ipld.text(op), Ipld.text(selector), value);
  }

  static Ipld.Map args(long amount, String to) {
    return Ipld.Map.builder().put("amount", amount).put("to", to).build();
  }

  /** Alice → Bob with {@code rootPol}, Bob → Dan with {@code leafPol} ({@code leafSub} null for a powerline). */
  List<Signed<Delegation>> chain(Ipld.List rootPol, Ipld.List leafPol, String leafSub) {
    return List.of(
        t.sign(ALICE, Tokens.grant(ALICE, BOB, did(ALICE), "/pay", rootPol, null, null)),
        t.sign(BOB, Tokens.grant(BOB, DAN, leafSub, "/pay", leafPol, null, null)));
  }

  Verdict pay(List<Signed<Delegation>> prf, Ipld.Map args) {
    return t.validate(validator, Signed.sign(DAN, Tokens.invocation(DAN, did(ALICE), "/pay", prf).args(args).build()), NOW);
  }

  @Test
  void argsSatisfyingEveryLinksPolicyValidate() {
    List<Signed<Delegation>> prf = chain(Ipld.list(statement("<=", ".amount", Ipld.integer(100))),
        Ipld.list(statement("like", ".to", Ipld.text("*@example.com"))), did(ALICE));
    assertValid(pay(prf, args(100, "bob@example.com")), prf);
  }

  @Test
  void argsViolatingTheRootsPolicyAreRefused() {
    List<Signed<Delegation>> prf = chain(Ipld.list(statement("<=", ".amount", Ipld.integer(100))), Ipld.list(), did(ALICE));
    Verdict.Invalid v = assertInvalid(pay(prf, args(101, "bob@example.com")), Failure.POLICY_VIOLATION);
    assertThat(v.message()).contains("prf[0]", ".amount");
    assertThat(v.failure().fixtureName()).isEqualTo("MatchError");
  }

  @Test
  void argsViolatingALaterLinksNarrowerPolicyAreRefused() {
    List<Signed<Delegation>> prf = chain(Ipld.list(statement("<=", ".amount", Ipld.integer(100))),
        Ipld.list(statement("<=", ".amount", Ipld.integer(10))), did(ALICE));
    assertValid(pay(prf, args(10, "x")), prf);
    Verdict.Invalid v = assertInvalid(pay(prf, args(50, "x")), Failure.POLICY_VIOLATION);
    assertThat(v.message()).contains("prf[1]");
  }

  @Test
  void powerlinesPolicyAppliesToo() {
    List<Signed<Delegation>> prf = chain(Ipld.list(), Ipld.list(statement("==", ".to", Ipld.text("carol"))), null);
    assertValid(pay(prf, args(1, "carol")), prf);
    assertInvalid(pay(prf, args(1, "mallory")), Failure.POLICY_VIOLATION);
  }

  @Test
  void missingArgumentFailsThePolicy() {
    List<Signed<Delegation>> prf = chain(Ipld.list(statement("==", ".to", Ipld.text("carol"))), Ipld.list(), did(ALICE));
    Verdict v = pay(prf, Ipld.Map.builder().put("amount", 1).build());
    assertInvalid(v, Failure.POLICY_VIOLATION);
  }

  @Test
  void malformedPolicyIsInvalidPolicy() {
    List<Signed<Delegation>> prf = chain(Ipld.list(), Ipld.list(statement("===", ".to", Ipld.text("carol"))), did(ALICE));
    Verdict.Invalid v = assertInvalid(pay(prf, args(1, "carol")), Failure.INVALID_POLICY);
    assertThat(v.message()).contains("prf[1]", "UNKNOWN_OPERATOR");
  }
}
