package dev.ipvm.ucan.authority;

import static dev.ipvm.ucan.authority.Tokens.NOW;
import static dev.ipvm.ucan.authority.Tokens.did;
import static dev.ipvm.ucan.authority.Tokens.grant;
import static dev.ipvm.ucan.authority.Verdicts.assertInvalid;
import static dev.ipvm.ucan.authority.Verdicts.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nbf and exp of every proof and exp of the invocation, at the time of processing. */
class TimeBoundsTest {
  static final Signer ALICE = Signer.generate();
  static final Signer BOB = Signer.generate();
  static final Signer CAROL = Signer.generate();
  static final Signer DAN = Signer.generate();

  final Tokens t = new Tokens();
  final Validator exact = new Validator(Validator.Settings.defaults(null).withClockSkewSeconds(0));

  /** Alice → Bob → Carol → Dan, the middle link (prf[1]) with the given bounds. */
  List<Signed<Delegation>> chainWithMiddle(Long nbf, Long exp) {
    return List.of(
        t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/")),
        t.sign(BOB, grant(BOB, CAROL, did(ALICE), "/", Ipld.list(), nbf, exp)),
        t.sign(CAROL, grant(CAROL, DAN, did(ALICE), "/")));
  }

  Verdict at(Validator v, long now, List<Signed<Delegation>> prf) {
    return t.validate(v, Tokens.invoke(DAN, did(ALICE), "/x", prf), now);
  }

  @Test
  void middleLinkIsValidUpToAndAtItsExp() {
    List<Signed<Delegation>> prf = chainWithMiddle(null, NOW);
    assertValid(at(exact, NOW - 1, prf), prf);
    assertValid(at(exact, NOW, prf), prf);
  }

  @Test
  void middleLinkAfterItsExpIsExpired() {
    Verdict.Invalid v = assertInvalid(at(exact, NOW + 1, chainWithMiddle(null, NOW)), Failure.EXPIRED);
    assertThat(v.message()).contains("prf[1]", "expired at " + NOW);
  }

  @Test
  void middleLinkBeforeItsNbfIsNotYetValid() {
    Verdict.Invalid v = assertInvalid(at(exact, NOW - 1, chainWithMiddle(NOW, null)), Failure.NOT_YET_VALID);
    assertThat(v.message()).contains("prf[1]");
    assertThat(v.failure().fixtureName()).isEqualTo("TooEarly");
  }

  @Test
  void middleLinkFromItsNbfIsValid() {
    List<Signed<Delegation>> prf = chainWithMiddle(NOW, null);
    assertValid(at(exact, NOW, prf), prf);
    assertValid(at(exact, NOW + 1_000_000, prf), prf);
  }

  @Test
  void chainHoldsFromTheLatestNbfToTheEarliestExp() {
    List<Signed<Delegation>> prf = List.of(
        t.sign(ALICE, grant(ALICE, BOB, did(ALICE), "/", Ipld.list(), 100L, 400L)),
        t.sign(BOB, grant(BOB, DAN, did(ALICE), "/", Ipld.list(), 200L, 300L)));
    assertInvalid(at(exact, 150, prf), Failure.NOT_YET_VALID);
    assertValid(at(exact, 200, prf), prf);
    assertValid(at(exact, 300, prf), prf);
    assertInvalid(at(exact, 350, prf), Failure.EXPIRED);
  }

  @Test
  void invocationIsValidAtItsExpAndExpiredAfter() {
    Signed<Invocation> inv = Signed.sign(ALICE, Invocation.builder().iss(did(ALICE)).cmd("/x").exp(NOW).build());
    assertValid(t.validate(exact, inv, NOW), List.of());
    Verdict.Invalid v = assertInvalid(t.validate(exact, inv, NOW + 1), Failure.EXPIRED);
    assertThat(v.message()).contains("the invocation expired");
  }

  @Test
  void defaultSettingsAllowTheSpecsSixtySecondsOfClockSkew() {
    Validator lenient = Validator.forExecutor(null);
    assertThat(lenient.settings().clockSkewSeconds()).isEqualTo(60);
    List<Signed<Delegation>> expiring = chainWithMiddle(null, NOW);
    assertValid(at(lenient, NOW + 60, expiring), expiring);
    assertInvalid(at(lenient, NOW + 61, expiring), Failure.EXPIRED);
    List<Signed<Delegation>> starting = chainWithMiddle(NOW, null);
    assertValid(at(lenient, NOW - 60, starting), starting);
    assertInvalid(at(lenient, NOW - 61, starting), Failure.NOT_YET_VALID);
  }

  @Test
  void timestampBeyondTwoToTheFiftyThreeMinusOneIsRejected() {
    long tooBig = 1L << 53;
    assertInvalid(at(exact, NOW, chainWithMiddle(null, tooBig)), Failure.INVALID_TIMESTAMP);
    List<Signed<Delegation>> atTheLimit = chainWithMiddle(null, tooBig - 1);
    assertValid(at(exact, NOW, atTheLimit), atTheLimit);
  }
}
