package dev.ipvm.ucan.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.policy.PolicyException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed policies, limits, and the IPLD round trip. */
class PolicyParseTest {
  static void refused(Ipld pol, Reason reason, String at) {
    assertThatThrownBy(() -> Policy.parse(pol))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageStartingWith(at);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{}                                        | NOT_A_LIST       | pol",
      "'=='                                      | NOT_A_LIST       | pol",
      "[1]                                       | NOT_A_LIST       | pol[0]",
      "[['==', '.a', 1], 'x']                    | NOT_A_LIST       | pol[1]",
      "[[]]                                      | BAD_ARITY        | pol[0]",
      "[[1, '.a', 1]]                            | UNKNOWN_OPERATOR | pol[0]",
      "[['===', '.a', 1]]                        | UNKNOWN_OPERATOR | pol[0]",
      "[['AND', []]]                             | UNKNOWN_OPERATOR | pol[0]",
      "[['in', '.a', [1]]]                       | UNKNOWN_OPERATOR | pol[0]",
      "[['==', '.a']]                            | BAD_ARITY        | pol[0]",
      "[['==', '.a', 1, 2]]                      | BAD_ARITY        | pol[0]",
      "[['like', '.a']]                          | BAD_ARITY        | pol[0]",
      "[['not']]                                 | BAD_ARITY        | pol[0]",
      "[['not', ['==', '.a', 1], ['==', '.a', 2]]] | BAD_ARITY      | pol[0]",
      "[['and']]                                 | BAD_ARITY        | pol[0]",
      "[['or', [], []]]                          | BAD_ARITY        | pol[0]",
      "[['all', '.a']]                           | BAD_ARITY        | pol[0]",
      "[['any', ['==', '.a', 1]]]                | BAD_ARITY        | pol[0]",
      "[['and', ['==', '.a', 1]]]                | NOT_A_LIST       | pol[0][1][0]",
      "[['and', {}]]                             | NOT_A_LIST       | pol[0][1]",
      "[['or', 'x']]                             | NOT_A_LIST       | pol[0][1]",
      "[['not', 'x']]                            | NOT_A_LIST       | pol[0][1]",
      "[['all', '.a', [['==', '.', 1]]]]         | UNKNOWN_OPERATOR | pol[0][2]",
      "[['==', 'a', 1]]                          | BAD_SELECTOR     | pol[0][1]",
      "[['all', '..', ['==', '.', 1]]]           | BAD_SELECTOR     | pol[0][1]",
      "[['or', [['==', '.a', 1], ['<', 'x', 1]]]] | BAD_SELECTOR    | pol[0][1][1][1]",
      "[['<', '.a', '1']]                        | BAD_ARGUMENT     | pol[0][2]",
      "[['>=', '.a', null]]                      | BAD_ARGUMENT     | pol[0][2]",
      "[['>', '.a', [1]]]                        | BAD_ARGUMENT     | pol[0][2]",
      "[['like', '.a', 1]]                       | BAD_PATTERN      | pol[0][2]",
  })
  void malformedPoliciesAreRefusedWithAReasonAndPath(String pol, Reason reason, String at) {
    refused(J.json(pol), reason, at);
  }

  @Test
  void equalityTakesAnyIpldValue() {
    Policy p = J.policy("[['==', '.a', {'x': [null, true, 1.5, {'/': {'bytes': 'AQI'}}]}], ['!=', '.b', []]]");
    assertThat(p.toIpld().size()).isEqualTo(2);
  }

  @Test
  void theEmptyPolicyMatchesEverything() {
    assertThat(Policy.parse(Ipld.list())).isSameAs(Policy.EMPTY);
    assertThat(Policy.EMPTY.matches(J.json("{}"))).isTrue();
    assertThat(Policy.EMPTY.matches(Ipld.NULL)).isTrue();
    assertThat(Policy.EMPTY.violation(J.json("{'a': 1}"))).isEmpty();
    assertThat(Policy.EMPTY.toIpld()).isEqualTo(Ipld.list());
  }

  @Test
  void aPolicyReEncodesToTheIpldItCameFrom() {
    Ipld pol = J.json("[['==', '.a', 1.0], ['!=', '.b???', {'k': [1]}], ['<=', '.[\\\"x y\\\"][-1:]', -2],"
        + " ['like', '.e', 'a\\\\*b*'], ['not', ['and', [['or', []], ['all', '.l[]', ['any', '.', ['>', '.', 0]]]]]]]");
    Policy p = Policy.parse(pol);
    assertThat(p.toIpld()).isEqualTo(pol);
    assertThat(Policy.parse(p.toIpld())).isEqualTo(p).hasSameHashCodeAs(p);
  }

  @Test
  void nestingUpToTheDepthLimitIsAcceptedAndBeyondIsTooDeep() {
    assertThat(Policy.parse(nested(Limits.DEFAULT_MAX_DEPTH)).matches(J.json("{'a': 1}"))).isTrue();
    refused(nested(Limits.DEFAULT_MAX_DEPTH + 1), Reason.TOO_DEEP, "pol[0]");
  }

  @Test
  void aVeryDeepPolicyIsRefusedWithoutRecursingIntoAllOfIt() {
    refused(nested(100_000), Reason.TOO_DEEP, "pol[0]");
  }

  @Test
  void quantifiersCountTowardsTheDepth() {
    Ipld s = J.json("['==', '.', 1]");
    for (int i = 1; i < 4; i++) {
      s = Ipld.list(Ipld.text("all"), Ipld.text("."), s);
    }
    Ipld pol = Ipld.list(s);
    Limits three = new Limits(3, 100, 100, 100);
    assertThatThrownBy(() -> Policy.parse(pol, three))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
    assertThat(Policy.parse(pol, new Limits(4, 100, 100, 100)).toIpld()).isEqualTo(pol);
  }

  @Test
  void statementsUpToTheLimitAreAcceptedAndMoreAreTooLarge() {
    assertThat(Policy.parse(flat(Limits.DEFAULT_MAX_STATEMENTS)).matches(J.json("{'a': 1}"))).isTrue();
    refused(flat(Limits.DEFAULT_MAX_STATEMENTS + 1), Reason.TOO_LARGE, "pol[" + Limits.DEFAULT_MAX_STATEMENTS + "]");
  }

  @Test
  void nestedStatementsCountTowardsTheLimit() {
    Ipld pol = J.json("[['and', [['==', '.a', 1], ['==', '.a', 1]]], ['not', ['==', '.a', 2]]]");
    assertThat(Policy.parse(pol, new Limits(64, 5, 100, 100)).matches(J.json("{'a': 1}"))).isTrue();
    assertThatThrownBy(() -> Policy.parse(pol, new Limits(64, 4, 100, 100)))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
        .hasMessageStartingWith("pol[1][1]");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new Limits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code [["and", [["and", [... ["==", ".a", 1]]]]]]} with {@code depth} statements in the chain. */
  static Ipld nested(int depth) {
    Ipld s = J.json("['==', '.a', 1]");
    for (int i = 1; i < depth; i++) {
      s = Ipld.list(Ipld.text("and"), Ipld.list(s));
    }
    return Ipld.list(s);
  }

  static Ipld flat(int n) {
    List<Ipld> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(J.json("['==', '.a', 1]"));
    }
    return new Ipld.List(items);
  }
}
