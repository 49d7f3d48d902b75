package dev.ipvm.ucan.authority;

import static dev.ipvm.ucan.authority.Tokens.NOW;
import static dev.ipvm.ucan.authority.Tokens.did;
import static dev.ipvm.ucan.authority.Tokens.grant;
import static dev.ipvm.ucan.authority.Verdicts.assertInvalid;
import static dev.ipvm.ucan.authority.Verdicts.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command attenuation by whole path segments, on every link of the chain. */
class CommandsTest {
  static final Signer ALICE = Signer.generate();
  static final Signer BOB = Signer.generate();
  static final Signer DAN = Signer.generate();

  final Tokens t = new Tokens();
  final Validator validator = Validator.forExecutor(null);

  Verdict invoke(String cmd, List<Signed<Delegation>> prf) {
    return t.validate(validator, Tokens.invoke(DAN, did(ALICE), cmd, prf), NOW);
  }

  @ParameterizedTest(name = "{0} covers {1}")
  @CsvSource({
      "/, /",
      "/, /crud",
      "/, /crud/read/all",
      "/crud, /crud",
      "/crud, /crud/read",
      "/crud, /crud/read/all",
      "/crud/read, /crud/read",
      "/ほげ, /ほげ/ふが",
  })
  void delegatedCommandCoversItselfAndEverythingUnderIt(String delegated, String invoked) {
    List<Signed<Delegation>> prf = t.chain(delegated, ALICE, DAN);
    assertValid(invoke(invoked, prf), prf);
  }

  @ParameterizedTest(name = "{0} does not cover {1}")
  @CsvSource({
      "/crud, /crudx",
      "/crud, /cru",
      "/crud, /",
      "/crud/read, /crud",
      "/crud/read, /crud/readall",
      "/crud/read, /crud/write",
      "/msg, /crud/msg",
  })
  void delegatedCommandDoesNotCoverSiblingsPrefixesOrParents(String delegated, String invoked) {
    Verdict.Invalid v = assertInvalid(invoke(invoked, t.chain(delegated, ALICE, DAN)), Failure.COMMAND_NOT_DELEGATED);
    assertThat(v.message()).contains(delegated, invoked);
  }

  @Test
  void broaderMiddleLinkWidensNothing() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/crud/read"));
    Signed<Delegation> top = t.sign(BOB, grant(BOB, DAN, did(ALICE), "/"));
    List<Signed<Delegation>> prf = List.of(root, top);
    assertValid(invoke("/crud/read", prf), prf);
    Verdict.Invalid v = assertInvalid(invoke("/crud/write", prf), Failure.COMMAND_NOT_DELEGATED);
    assertThat(v.message()).contains("prf[0]");
  }

  @Test
  void narrowerMiddleLinkLimitsTheChain() {
    Signed<Delegation> root = t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/"));
    Signed<Delegation> crud = t.sign(BOB, grant(BOB, DAN, did(ALICE), "/crud"));
    List<Signed<Delegation>> prf = List.of(root, crud);
    assertValid(invoke("/crud/delete", prf), prf);
    Verdict.Invalid v = assertInvalid(invoke("/msg/send", prf), Failure.COMMAND_NOT_DELEGATED);
    assertThat(v.message()).contains("prf[1]");
  }

  @Test
  void selfIssuedInvocationMayInvokeAnyCommand() {
    assertValid(t.validate(validator, Tokens.invoke(ALICE, did(ALICE), "/ucan/revoke", List.of()), NOW), List.of());
  }
}
