package dev.ipvm.ucan.policy;

import static dev.ipvm.ucan.policy.J.json;
import static dev.ipvm.ucan.policy.J.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import org.junit.jupiter.api.Test;

/** {@link Policy#violation}: empty on a match, else the failing statement and why. */
class ViolationTest {
  static final String MAIL_POLICY = "[['==', '.from', 'alice@example.com'], ['any', '.to', ['like', '.', '*@example.com']]]";

  static String violation(String pol, String args) {
    return policy(pol).violation(json(args)).orElseThrow();
  }

  @Test
  void aMatchHasNoViolation() {
    assertThat(policy(MAIL_POLICY).violation(json("{'from': 'alice@example.com', 'to': ['bob@example.com']}")))
        .isEmpty();
  }

  @Test
  void namesTheFirstFailingTopLevelStatementByIndexAndText() {
    assertThat(violation(MAIL_POLICY, "{'from': 'alice@example.com', 'to': ['carol@elsewhere.example.com']}"))
        .isEqualTo("pol[1] [\"any\",\".to\",[\"like\",\".\",\"*@example.com\"]] is false:"
            + " no element of .to (1) satisfies [\"like\",\".\",\"*@example.com\"]");
    assertThat(violation(MAIL_POLICY, "{'from': 'mallory@example.com', 'to': []}"))
        .isEqualTo("pol[0] [\"==\",\".from\",\"alice@example.com\"] is false:"
            + " .from is \"mallory@example.com\", not equal to \"alice@example.com\"");
  }

  @Test
  void saysWhereASelectorStopsResolving() {
    assertThat(violation("[['==', '.a.b', 1]]", "{'a': [1]}"))
        .endsWith("selector .a.b does not resolve at .a.b: a field needs a map, found list");
    assertThat(violation("[['<', '.a[3]', 1]]", "{'a': [1]}"))
        .endsWith("selector .a[3] does not resolve at .a[3]: index 3 is out of range for a list of 1");
  }

  @Test
  void saysWhenAValueHasTheWrongKind() {
    assertThat(violation("[['<', '.a', 1]]", "{'a': 'x'}")).endsWith(".a is a string; < compares numbers only");
    assertThat(violation("[['>=', '.a', 5]]", "{'a': 4.5}")).endsWith(".a is 4.5, not >= 5");
    assertThat(violation("[['like', '.a', 'x*']]", "{'a': 1}")).endsWith(".a is an integer; like matches strings only");
    assertThat(violation("[['like', '.a', 'x*']]", "{'a': 'yz'}"))
        .endsWith(".a is \"yz\", which does not match \"x*\"");
    assertThat(violation("[['all', '.a', ['==', '.', 1]]]", "{'a': 1}"))
        .endsWith(".a is an integer; all and any quantify over a list or map only");
  }

  @Test
  void notEqualAndNotNameTheForbiddenValue() {
    assertThat(violation("[['!=', '.a', 1]]", "{'a': 1.0}")).endsWith(".a is 1.0, which != forbids");
    assertThat(violation("[['not', ['==', '.a', 1]]]", "{'a': 1}"))
        .endsWith("is false: its inner statement [\"==\",\".a\",1] holds");
  }

  @Test
  void descendsToTheInnermostFailingStatement() {
    String v = violation("[['and', [['==', '.a', 1], ['or', [['==', '.b', 2], ['==', '.b', 3]]]]]]", "{'a': 1, 'b': 4}");
    assertThat(v).startsWith("pol[0] [\"and\",")
        .contains("[\"or\",[[\"==\",\".b\",2],[\"==\",\".b\",3]]] is false: none of its 2 statements holds;"
            + " the first, [\"==\",\".b\",2], is false: .b is 4, not equal to 2");
  }

  @Test
  void allNamesTheFirstFailingElement() {
    assertThat(violation("[['all', '.a', ['>', '.b', 0]]]", "{'a': [{'b': 1}, {'b': 2}, {'z': [7, 8, 9]}]}"))
        .endsWith("element 2 of .a fails [\">\",\".b\",0]: .b is null; > compares numbers only");
    assertThat(violation("[['all', '.m', ['==', '.', 1]]]", "{'m': {'x': 1, 'y': 2}}"))
        .contains("the value at key \"y\" of .m fails");
  }

  @Test
  void longValuesAreCutShortAndStayValidText() {
    String big = "😀".repeat(500);
    Ipld args = Ipld.Map.builder().put("a", big).build();
    String v = policy("[['==', '.a', 'x']]").violation(args).orElseThrow();
    assertThat(v.length()).isLessThan(400);
    assertThat(v).contains("…");
    assertThat(Ipld.text(v).value()).isEqualTo(v); // no lone surrogate: it can go into a receipt
  }

  @Test
  void violationAgreesWithMatchesOnEveryTopLevelStatement() {
    String[] args = {"{}", "{'a': 1}", "{'a': [1, 2]}", "{'a': {'b': 'x'}}", "{'a': null}"};
    String pol = "[['==', '.a', 1], ['any', '.a', ['==', '.', 2]], ['like', '.a.b', '*'], ['not', ['==', '.a', null]]]";
    for (Ipld statement : ((Ipld.List) json(pol)).items()) {
      Policy p = Policy.parse(Ipld.list(statement));
      for (String a : args) {
        assertThat(p.violation(json(a)).isEmpty()).as(statement + " on " + a).isEqualTo(p.matches(json(a)));
      }
    }
  }
}
