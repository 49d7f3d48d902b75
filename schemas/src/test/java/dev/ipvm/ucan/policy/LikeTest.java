package dev.ipvm.ucan.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code like} (spec, "Glob Matching"). Patterns here are Java strings: {@code "\\*"} is {@code \*}. */
class LikeTest {
  /** The spec's pattern {@code Alice\*, Bob*, Carol.}. */
  static final String SPEC = "Alice\\*, Bob*, Carol.";

  static boolean like(String pattern, Ipld value) {
    Ipld pol = Ipld.list(Ipld.list(Ipld.text("like"), Ipld.text(".v"), Ipld.text(pattern)));
    return Policy.parse(pol).matches(Ipld.Map.builder().put("v", value).build());
  }

  static boolean like(String pattern, String value) {
    return like(pattern, Ipld.text(value));
  }

  @ParameterizedTest(name = "\"{0}\" matches the spec pattern")
  @ValueSource(strings = {"Alice*, Bob, Carol.", "Alice*, Bob, Dan, Erin, Carol.", "Alice*, Bob  , Carol.",
      "Alice*, Bob*, Carol."})
  void theSpecsPassingExamplesMatch(String s) {
    assertThat(like(SPEC, s)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" does not match the spec pattern")
  @ValueSource(strings = {"Alice*, Bob, Carol", "Alice*, Bob*, Carol!", "Alice, Bob, Carol.",
      "Alice Cooper, Bob, Carol.", " Alice*, Bob, Carol. "})
  void theSpecsFailingExamplesDoNotMatch(String s) {
    assertThat(like(SPEC, s)).isFalse();
  }

  @Test
  void aWildcardMatchesZeroOrMoreCharacters() {
    assertThat(like("*@example.com", "alice@example.com")).isTrue();
    assertThat(like("*@example.com", "@example.com")).isTrue();
    assertThat(like("*@example.com", "carol@elsewhere.example.com")).as("the spec's Validation example").isFalse();
    assertThat(like("*@example.com", "alice@example.com.evil")).isFalse();
    assertThat(like("*", "")).isTrue();
    assertThat(like("**", "anything")).isTrue();
    assertThat(like("a*b*c", "abc")).isTrue();
    assertThat(like("a*b*c", "aXbYc")).isTrue();
    assertThat(like("a*b*c", "acb")).isFalse();
    assertThat(like("ab*ba", "aba")).as("prefix and suffix may not overlap").isFalse();
    assertThat(like("a*aa*a", "aaaa")).isTrue();
    assertThat(like("a*aa*a", "aaa")).isFalse();
  }

  @Test
  void withoutAWildcardTheWholeStringMustBeEqual() {
    assertThat(like("hello", "hello")).isTrue();
    assertThat(like("hello", "hello!")).isFalse();
    assertThat(like("", "")).isTrue();
    assertThat(like("", "x")).isFalse();
  }

  @Test
  void otherGlobCharactersAreLiterals() {
    assertThat(like("a?c", "abc")).isFalse();
    assertThat(like("a?c", "a?c")).isTrue();
    assertThat(like("[ab]", "a")).isFalse();
    assertThat(like("a.c", "abc")).isFalse();
  }

  @Test
  void anEscapedStarIsALiteralStar() {
    assertThat(like("\\*", "*")).isTrue();
    assertThat(like("\\*", "x")).isFalse();
    assertThat(like("\\*", "")).isFalse();
    assertThat(like("a\\**", "a*bc")).isTrue();
    assertThat(like("a\\**", "abc")).isFalse();
  }

  @Test
  void aDoubleBackslashIsOneLiteralBackslash() {
    assertThat(like("C:\\\\dir", "C:\\dir")).isTrue();
    assertThat(like("C:\\\\*", "C:\\anything")).as("\\\\* is a backslash, then a wildcard").isTrue();
    assertThat(like("C:\\\\*", "C:*")).isFalse();
    assertThat(like("\\\\\\*", "\\*")).as("\\\\\\* is a backslash and a star").isTrue();
  }

  @ParameterizedTest(name = "pattern \"{0}\" is BAD_PATTERN")
  @ValueSource(strings = {"\\", "abc\\", "\\a", "C:\\dir", "\\?", "\\n"})
  void anyOtherBackslashIsABadPattern(String pattern) {
    Ipld pol = Ipld.list(Ipld.list(Ipld.text("like"), Ipld.text(".v"), Ipld.text(pattern)));
    assertThatThrownBy(() -> Policy.parse(pol))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.BAD_PATTERN))
        .hasMessageContaining("pol[0][2]");
  }

  @Test
  void aPatternThatIsNotAStringIsABadPattern() {
    assertThatThrownBy(() -> J.policy("[['like', '.v', 5]]"))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.BAD_PATTERN));
  }

  @Test
  void likeOnANonStringIsFalseNotAnError() {
    assertThat(like("*", Ipld.integer(1))).isFalse();
    assertThat(like("*", Ipld.NULL)).isFalse();
    assertThat(like("*", Ipld.list(Ipld.text("a")))).isFalse();
    assertThat(like("*", Ipld.Bytes.of("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isFalse();
    assertThat(J.holds("['like', '.missing', '*']", "{}")).as("a missing key is null, not a string").isFalse();
    assertThat(J.holds("['like', '.a.b', '*']", "{}")).isFalse();
  }

  @Test
  void wildcardsMatchWholeCodePoints() {
    assertThat(like("*😀*", "a😀b")).isTrue();
    assertThat(like("a*", "a😀")).isTrue();
    assertThat(like("😀", "😀")).isTrue();
  }

  @Test
  void aPatternLongerThanTheLimitIsTooLarge() {
    String longest = "a".repeat(Limits.DEFAULT_MAX_PATTERN_LENGTH);
    assertThat(like(longest, longest)).isTrue();
    Ipld pol = Ipld.list(Ipld.list(Ipld.text("like"), Ipld.text(".v"), Ipld.text(longest + "a")));
    assertThatThrownBy(() -> Policy.parse(pol))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.TOO_LARGE));
  }

  @Test
  void matchingTakesLinearTimeOnAdversarialInput() {
    // a naive search compares up to 2,000 characters at each of 2,000,000 positions: seconds, not ms
    String part = "a".repeat(1999) + "b";
    String pattern = ("*" + part).repeat(2) + "*";
    String text = "a".repeat(2_000_000);
    long start = System.nanoTime();
    assertThat(like(pattern, text)).isFalse();
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
  }
}
