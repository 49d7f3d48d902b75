package dev.ipvm.ucan.policy;

import static dev.ipvm.ucan.policy.J.holds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code not}, {@code and}, {@code or} (spec, "Connectives") and {@code all}, {@code any} ("Quantification"). */
class ConnectiveTest {
  static final String KATIE = "{'name': 'Katie', 'age': 35, 'nationalities': ['Canadian', 'South African']}";
  static final String ABZ = "{'a': [{'b': 1}, {'b': 2}, {'z': [7, 8, 9]}]}";

  @Test
  void andNeedsEveryStatementAndEmptyAndIsTrue() {
    assertThat(holds("['and', []]", KATIE)).isTrue();
    assertThat(holds("['and', [['==', '.name', 'Katie'], ['>=', '.age', 21]]]", KATIE)).isTrue();
    assertThat(holds("['and', [['==', '.name', 'Katie'], ['>=', '.age', 21],"
        + " ['==', '.nationalities', ['American']]]]", KATIE)).isFalse();
  }

  @Test
  void orNeedsOneStatementAndEmptyOrIsTrueAsTheSpecSays() {
    assertThat(holds("['or', []]", KATIE)).isTrue();
    assertThat(holds("['or', [['==', '.name', 'Katie'], ['>', '.age', 45]]]", KATIE)).isTrue();
    assertThat(holds("['or', [['==', '.name', 'Bob'], ['>', '.age', 45]]]", KATIE)).isFalse();
  }

  @Test
  void orIsTrueWhenAnotherBranchHoldsDespiteAnUnresolvedSelector() {
    assertThat(holds("['or', [['==', '.no.such', 1], ['==', '.name', 'Katie']]]", KATIE)).isTrue();
  }

  @Test
  void notInvertsItsStatement() {
    assertThat(holds("['not', ['==', '.name', 'Katie']]", KATIE)).isFalse();
    assertThat(holds("['not', ['==', '.name', 'Bob']]", KATIE)).isTrue();
    assertThat(holds("['not', ['and', [['==', '.name', 'Katie'], ['==', '.nationalities', ['American']]]]]", KATIE))
        .as("the spec's example").isTrue();
    assertThat(holds("['not', ['not', ['==', '.name', 'Katie']]]", KATIE)).isTrue();
  }

  @Test
  void notOfAStatementWithAnUnresolvedSelectorIsTrue() {
    // the inner statement is false (spec, Validation), and not inverts it
    assertThat(holds("['not', ['==', '.name.first', 'Katie']]", KATIE)).isTrue();
  }

  @Test
  void nestedConnectivesCombine() {
    String p = "['and', [['or', [['==', '.name', 'Bob'], ['and', [['>', '.age', 30], ['<', '.age', 40]]]]],"
        + " ['not', ['or', [['==', '.age', 36], ['like', '.name', 'B*']]]]]]";
    assertThat(holds(p, KATIE)).isTrue();
    assertThat(holds(p, "{'name': 'Katie', 'age': 36}")).isFalse();
    assertThat(holds(p, "{'name': 'Bob', 'age': 99}")).isFalse();
  }

  @Test
  void allNeedsEveryElementAndAMissingFieldInOneFailsIt() {
    assertThat(holds("['all', '.a', ['>', '.b', 0]]", ABZ)).as("the spec's example").isFalse();
    assertThat(holds("['all', '.a[0:2]', ['>', '.b', 0]]", ABZ)).isTrue();
  }

  @Test
  void anyNeedsOneElement() {
    assertThat(holds("['any', '.a', ['==', '.b', 2]]", ABZ)).as("the spec's example").isTrue();
    assertThat(holds("['any', '.a', ['==', '.b', 5]]", ABZ)).isFalse();
  }

  @Test
  void quantifiersSelectRelativeToTheElement() {
    String args = "{'to': ['bob@example.com', 'carol@elsewhere.example.com']}";
    assertThat(holds("['any', '.to', ['like', '.', '*@example.com']]", args)).isTrue();
    assertThat(holds("['all', '.to', ['like', '.', '*@example.com']]", args)).isFalse();
    assertThat(holds("['any', '.to', ['like', '.', '*@example.com']]", "{'to': ['carol@elsewhere.example.com']}"))
        .isFalse();
  }

  @Test
  void allOverAnEmptyCollectionIsTrue() {
    assertThat(holds("['all', '.a', ['==', '.', 1]]", "{'a': []}")).isTrue();
    assertThat(holds("['all', '.a', ['==', '.', 1]]", "{'a': {}}")).isTrue();
  }

  @Test
  void anyOverAnEmptyCollectionIsTrueBecauseTheSpecExtendsOrWhoseEmptyFormIsTrue() {
    assertThat(holds("['any', '.a', ['==', '.', 1]]", "{'a': []}")).isTrue();
    assertThat(holds("['any', '.a', ['==', '.', 1]]", "{'a': {}}")).isTrue();
    // how a delegator asks for at least one element
    assertThat(holds("['and', [['!=', '.a', []], ['any', '.a', ['==', '.', 1]]]]", "{'a': []}")).isFalse();
  }

  @Test
  void quantifiersOverAMapTakeItsValues() {
    String args = "{'m': {'x': {'v': 1}, 'y': {'v': 2}}}";
    assertThat(holds("['all', '.m', ['>', '.v', 0]]", args)).isTrue();
    assertThat(holds("['any', '.m', ['==', '.v', 2]]", args)).isTrue();
    assertThat(holds("['any', '.m', ['==', '.', 'x']]", args)).as("keys are discarded").isFalse();
  }

  @Test
  void quantifiersOverANonCollectionAreFalse() {
    for (String v : new String[] {"1", "'s'", "null", "true", "{'/': {'bytes': 'AQI'}}"}) {
      assertThat(holds("['all', '.a', ['==', '.', 1]]", "{'a': " + v + "}")).as("all over " + v).isFalse();
      assertThat(holds("['any', '.a', ['==', '.', 1]]", "{'a': " + v + "}")).as("any over " + v).isFalse();
    }
    assertThat(holds("['all', '.missing', ['==', '.', 1]]", "{}")).as("a missing key is null").isFalse();
    assertThat(holds("['all', '.x.y', ['==', '.', 1]]", "{}")).isFalse();
  }

  @Test
  void nestedQuantifiersWalkNestedCollections() {
    String p = "['all', '.newsletters', ['any', '.recipients', ['==', '.email', 'fraud@example.com']]]";
    String yes = "{'newsletters': [{'recipients': [{'email': 'a@x'}, {'email': 'fraud@example.com'}]},"
        + " {'recipients': [{'email': 'fraud@example.com'}]}]}";
    String no = "{'newsletters': [{'recipients': [{'email': 'a@x'}, {'email': 'fraud@example.com'}]},"
        + " {'recipients': [{'email': 'b@x'}]}]}";
    assertThat(holds(p, yes)).isTrue();
    assertThat(holds(p, no)).isFalse();
  }

  @Test
  void quantifyingOverCollectionValuesSelectsTheSameElements() {
    String args = "{'m': {'x': 1, 'y': 2}}";
    assertThat(holds("['all', '.m[]', ['>', '.', 0]]", args)).isEqualTo(holds("['all', '.m', ['>', '.', 0]]", args))
        .isTrue();
  }

  @Test
  void theTopLevelListIsAnImplicitAnd() {
    assertThat(J.policy("[['==', '.name', 'Katie'], ['>', '.age', 40]]").matches(J.json(KATIE))).isFalse();
    assertThat(J.policy("[['==', '.name', 'Katie'], ['>', '.age', 30]]").matches(J.json(KATIE))).isTrue();
  }
}
