package dev.ipvm.ucan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official policy fixtures, {@code vectors/ucan/policy.json} (ucan-wg/spec
 * fixtures/1.0.0/policy.json; source and the one repair in {@code vectors/ucan/README.md}).
 * Each entry is {@code {args, policies}}; every policy under {@code valid} must match its args and
 * every one under {@code invalid} must not. The invalid ones are all well-formed policies that
 * evaluate to false (the fixture has no malformed policies), so each must also parse.
 */
class PolicyFixturesTest {
  /** The upstream text of valid[4].args.newsletters, whitespace removed: an object as a key. */
  private static final String MALFORMED = "\"newsletters\":{{\"christmas\":{\"recipients\":"
      + "[{\"email\":\"bob@example.com\"},{\"email\":\"alice@example.com\"}]}}}},";
  private static final String REPAIRED = "\"newsletters\":{\"christmas\":{\"recipients\":"
      + "[{\"email\":\"bob@example.com\"},{\"email\":\"alice@example.com\"}]}}},";
  static final int VALID_POLICIES = 17;
  static final int INVALID_POLICIES = 8;

  static Ipld.Map fixture() {
    String text;
    try (InputStream in = PolicyFixturesTest.class.getResourceAsStream("/vectors/ucan/policy.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return (Ipld.Map) DagJson.decode(repair(text));
  }

  /** Replaces exactly the known malformed entry; anything else upstream changed fails loudly. */
  static String repair(String text) {
    int from = text.indexOf("\"newsletters\"");
    int to = text.indexOf("\"policies\"", from);
    assertThat(from).as("fixture still has the newsletters entry").isNotNegative();
    assertThat(text.indexOf("\"newsletters\"", from + 1)).isNegative();
    String region = text.substring(from, to);
    assertThat(region.replaceAll("\\s", "")).as("the entry the README says is repaired").isEqualTo(MALFORMED);
    return text.substring(0, from) + REPAIRED + text.substring(to);
  }

  static Stream<Arguments> cases() {
    Ipld.Map fixture = fixture();
    List<Arguments> out = new ArrayList<>();
    for (String group : List.of("valid", "invalid")) {
      Ipld.List entries = (Ipld.List) fixture.get(group);
      for (int e = 0; e < entries.size(); e++) {
        Ipld.Map entry = (Ipld.Map) entries.get(e);
        Ipld.List policies = (Ipld.List) entry.get("policies");
        for (int p = 0; p < policies.size(); p++) {
          Ipld pol = policies.get(p);
          String name = group + "[" + e + "].policies[" + p + "] " + Values.render(pol, 100);
          out.add(Arguments.of(name, entry.get("args"), pol, group.equals("valid")));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validPoliciesMatchAndInvalidOnesDoNot(String name, Ipld args, Ipld pol, boolean valid) {
    Policy policy = Policy.parse(pol);
    assertThat(policy.matches(args)).as(name).isEqualTo(valid);
    assertThat(policy.violation(args).isEmpty()).as("violation() agrees with matches()").isEqualTo(valid);
    assertThat(policy.toIpld()).as("re-encodes to the fixture's policy").isEqualTo(pol);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStatementOfAValidPolicyHoldsOnItsOwn(String name, Ipld args, Ipld pol, boolean valid) {
    if (valid) {
      for (Ipld statement : ((Ipld.List) pol).items()) {
        assertThat(Policy.parse(Ipld.list(statement)).matches(args)).as(Values.render(statement, 100)).isTrue();
      }
    }
  }

  @Test
  void theFixtureHasTheExpectedNumberOfPolicies() {
    List<Arguments> all = cases().toList();
    long valid = all.stream().filter(a -> (Boolean) a.get()[3]).count();
    assertThat(valid).isEqualTo(VALID_POLICIES);
    assertThat(all.size() - valid).isEqualTo(INVALID_POLICIES);
  }
}
