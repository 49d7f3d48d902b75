package dev.ipvm.ucan.authority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import java.util.List;

/** Assertions on verdicts that print the message when they fail. */
final class Verdicts {
  private Verdicts() {}

  static void assertValid(Verdict v, List<Signed<Delegation>> chain) {
    assertThat(v).as("verdict").isInstanceOf(Verdict.Valid.class);
    assertThat(((Verdict.Valid) v).chain()).containsExactlyElementsOf(chain);
  }

  static Verdict.Invalid assertInvalid(Verdict v, Failure failure) {
    assertThat(v).as("verdict").isInstanceOf(Verdict.Invalid.class);
    Verdict.Invalid invalid = (Verdict.Invalid) v;
    assertThat(invalid.failure()).as(invalid.message()).isEqualTo(failure);
    return invalid;
  }
}
