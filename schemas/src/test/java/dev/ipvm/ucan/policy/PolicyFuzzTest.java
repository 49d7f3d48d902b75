package dev.ipvm.ucan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.dagjson.DagJsonException;
import dev.ipvm.ipld.Ipld;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the policy language (docs/fuzzing.md). An input is two DAG-JSON
 * documents separated by a NUL byte (which JSON text cannot contain unescaped): the {@code pol},
 * then the invocation's {@code args}. Text that is not DAG-JSON is skipped: the codec has its
 * own target. {@link Policy#parse} may refuse the policy only with a {@link PolicyException}; a
 * parsed policy gives back the IPLD it was parsed from, and evaluating it never throws, with
 * {@link Policy#matches} and {@link Policy#violation} agreeing.
 */
class PolicyFuzzTest {

  @FuzzTest
  @DictionaryEntries({"\"==\"", "\"!=\"", "\"<\"", "\"<=\"", "\">\"", "\">=\"", "\"like\"", "\"not\"",
      "\"and\"", "\"or\"", "\"all\"", "\"any\"", "\".\"", "\".a\"", "\".a[0]\"", "\".a[-1]\"", "\".a[1:3]\"",
      "\".a[]\"", "\".a?\"", "\".[\\\"a\\\"]\"", "\"*\"", "\"\\\\*\"", "\u0000"})
  void parseAndMatch(byte[] input) {
    int nul = indexOf(input, (byte) 0);
    byte[] polText = nul < 0 ? input : Arrays.copyOfRange(input, 0, nul);
    byte[] argsText = nul < 0 ? new byte[] {'{', '}'} : Arrays.copyOfRange(input, nul + 1, input.length);
    Ipld pol;
    Ipld args;
    try {
      pol = DagJson.decode(polText);
      args = DagJson.decode(argsText);
    } catch (DagJsonException notJson) {
      return;
    }

    Policy policy;
    try {
      policy = Policy.parse(pol);
    } catch (PolicyException refused) {
      assertThat(refused.reason()).isNotNull();
      return;
    }
    assertThat(policy.toIpld()).isEqualTo(pol);
    assertThat(Policy.parse(policy.toIpld())).isEqualTo(policy);

    boolean matches = policy.matches(args);
    Optional<String> violation = policy.violation(args);
    assertThat(violation.isEmpty()).as("matches() and violation() agree").isEqualTo(matches);
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
