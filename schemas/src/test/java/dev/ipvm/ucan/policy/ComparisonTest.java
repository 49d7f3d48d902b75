package dev.ipvm.ucan.policy;

import static dev.ipvm.ucan.policy.J.holds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@code ==}, {@code !=} and the numeric inequalities (spec, "Comparisons"). */
class ComparisonTest {
  static final String ARGS = "{'a': [1, 2, {'b': 3}], 'b': 1, 'f': 2.5, 's': 'text', 'n': null, 't': true}";

  @Test
  void equalityIsDeepOverListsAndMaps() {
    assertThat(holds("['==', '.a', [1, 2, {'b': 3}]]", ARGS)).isTrue();
    assertThat(holds("['==', '.a', [1, 2, {'b': 4}]]", ARGS)).isFalse();
    assertThat(holds("['==', '.a', [1, 2]]", ARGS)).isFalse();
    assertThat(holds("['==', '.a', [2, 1, {'b': 3}]]", ARGS)).as("lists are ordered").isFalse();
    assertThat(holds("['==', '.', " + ARGS + "]", ARGS)).isTrue();
    assertThat(holds("['==', '.a[2]', {'b': 3, 'c': null}]", ARGS)).as("an extra key differs").isFalse();
  }

  @Test
  void equalityComparesNumbersByValueWhateverTheirKind() {
    assertThat(holds("['==', '.b', 1.0]", ARGS)).isTrue();
    assertThat(holds("['==', '.f', 2.5]", ARGS)).isTrue();
    assertThat(holds("['==', '.b', 1.5]", ARGS)).isFalse();
    assertThat(holds("['==', '.a', [1.0, 2e0, {'b': 3.00}]]", ARGS)).as("at any depth").isTrue();
    assertThat(holds("['==', '.z', 0]", "{'z': -0.0}")).isTrue();
  }

  @Test
  void equalityOfOtherKindsNeedsTheSameKind() {
    assertThat(holds("['==', '.b', '1']", ARGS)).isFalse();
    assertThat(holds("['==', '.t', 1]", ARGS)).isFalse();
    assertThat(holds("['==', '.n', null]", ARGS)).isTrue();
    assertThat(holds("['==', '.t', true]", ARGS)).isTrue();
    assertThat(holds("['==', '.s', 'text']", ARGS)).isTrue();
    assertThat(holds("['==', '.s', 'Text']", ARGS)).isFalse();
  }

  @Test
  void equalityOfBytesAndLinksIsByTheirBytes() {
    Cid cid = Cid.of(Multicodec.RAW, new byte[] {1});
    Ipld args = Ipld.Map.builder().put("l", Ipld.link(cid)).put("y", Ipld.Bytes.of(new byte[] {1, 2})).build();
    assertThat(holds("['==', '.l', {'/': '" + cid + "'}]", args)).isTrue();
    assertThat(holds("['==', '.l', '" + cid + "']", args)).as("a link is not its string").isFalse();
    assertThat(holds("['==', '.y', {'/': {'bytes': 'AQI'}}]", args)).isTrue();
    assertThat(holds("['==', '.y', [1, 2]]", args)).as("bytes are not a list").isFalse();
  }

  @Test
  void aMissingKeyEqualsNull() {
    assertThat(holds("['==', '.missing', null]", ARGS)).isTrue();
    assertThat(holds("['!=', '.missing', 1]", ARGS)).isTrue();
  }

  @Test
  void anUnresolvedSelectorMakesEqualityFalse() {
    assertThat(holds("['==', '.missing.x', null]", ARGS)).isFalse();
    assertThat(holds("['==', '.a[9]', 1]", ARGS)).isFalse();
    assertThat(holds("['==', '.missing.x?', null]", ARGS)).as("unless optional").isTrue();
  }

  @Test
  void notEqualIsTheNegationOfEqualWhenTheSelectorResolves() {
    for (String v : new String[] {"'ddd'", "null", "2", "{'b': 3}", "true", "false", "1.0", "1"}) {
      assertThat(holds("['!=', '.b', " + v + "]", ARGS))
          .as("!= " + v).isEqualTo(!holds("['==', '.b', " + v + "]", ARGS))
          .isEqualTo(holds("['not', ['==', '.b', " + v + "]]", ARGS));
    }
  }

  @Test
  void notEqualWithAnUnresolvedSelectorIsFalseLikeEveryStatement() {
    assertThat(holds("['!=', '.a[9]', 1]", ARGS)).isFalse();
    assertThat(holds("['not', ['==', '.a[9]', 1]]", ARGS)).as("the spelled-out form inverts a false ==").isTrue();
  }

  @Test
  void inequalitiesCompareIntegersAndFloatsAlike() {
    assertThat(holds("['<', '.b', 2]", ARGS)).isTrue();
    assertThat(holds("['<', '.b', 2.0]", ARGS)).isTrue();
    assertThat(holds("['<', '.b', 1]", ARGS)).isFalse();
    assertThat(holds("['<=', '.b', 1.0]", ARGS)).isTrue();
    assertThat(holds("['>', '.b', 0.5]", ARGS)).isTrue();
    assertThat(holds("['>', '.b', 1]", ARGS)).isFalse();
    assertThat(holds("['>=', '.b', 1]", ARGS)).isTrue();
    assertThat(holds("['>=', '.f', 3]", ARGS)).isFalse();
    assertThat(holds("['<', '.f', 3]", ARGS)).isTrue();
    assertThat(holds("['>', '.f', -1]", ARGS)).isTrue();
  }

  @Test
  void inequalitiesAreExactBeyondDoublePrecision() {
    Ipld args = Ipld.Map.builder().put("big", 9007199254740993L).put("huge", Ipld.Int.of(Ipld.Int.MAX)).build();
    assertThat(holds("['>', '.big', 9007199254740992.0]", args)).as("2^53+1 > 2^53").isTrue();
    assertThat(holds("['==', '.big', 9007199254740992.0]", args)).isFalse();
    assertThat(holds("['>', '.huge', 18446744073709551614]", args)).isTrue();
    assertThat(holds("['<', '.huge', 1.8446744073709552e19]", args)).as("2^64-1 < 2^64").isTrue();
    assertThat(Values.compareNumbers(Ipld.Int.of(BigInteger.ONE.shiftLeft(63)), new Ipld.Float(9.223372036854775807e18)))
        .isZero();
  }

  @Test
  void inequalitiesOnANonNumberAreFalseNotAnError() {
    assertThat(holds("['<', '.s', 2]", ARGS)).isFalse();
    assertThat(holds("['>=', '.s', 2]", ARGS)).isFalse();
    assertThat(holds("['<', '.n', 2]", ARGS)).isFalse();
    assertThat(holds("['<', '.t', 2]", ARGS)).isFalse();
    assertThat(holds("['<', '.a', 2]", ARGS)).isFalse();
    assertThat(holds("['not', ['<', '.s', 2]]", ARGS)).isTrue();
  }

  @Test
  void inequalitiesOnAMissingOrUnresolvedValueAreFalse() {
    assertThat(holds("['<', '.missing', 2]", ARGS)).as("null is not a number").isFalse();
    assertThat(holds("['>', '.a[7]', 0]", ARGS)).isFalse();
  }
}
