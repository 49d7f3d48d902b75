package dev.ipvm.ucan.policy;

import static dev.ipvm.ucan.policy.J.json;
import static dev.ipvm.ucan.policy.J.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Selector syntax and resolution, from the spec's "Selectors" and "Validation" sections. */
class SelectorTest {
  /** The spec's example args. */
  static final String MAIL = "{'from': 'alice@example.com',"
      + " 'to': ['bob@example.com', 'carol@not.example.com', 'dan@example.com'],"
      + " 'cc': ['fraud@example.com'], 'title': 'Meeting Confirmation', 'body': 'I will see you on Tuesday'}";

  @Test
  void identitySelectsTheWholeArgs() {
    assertThat(select(".", MAIL)).isEqualTo(json(MAIL));
  }

  @Test
  void dottedFieldSelectsAMapValue() {
    assertThat(select(".title", MAIL)).isEqualTo(Ipld.text("Meeting Confirmation"));
    assertThat(select(".cc", MAIL)).isEqualTo(json("['fraud@example.com']"));
  }

  @Test
  void nestedFieldsSelectLeftToRight() {
    assertThat(select(".a.b", "{'a': {'b': 7}}")).isEqualTo(Ipld.integer(7));
    assertThat(select(".bar0_", "{'bar0_': 1}")).isEqualTo(Ipld.integer(1));
  }

  @Test
  void quotedFieldSelectsAnyKey() {
    assertThat(select(".[\"a\"]", "{'a': 1}")).isEqualTo(Ipld.integer(1));
    assertThat(select(".[\".\"]", "{'.': 2}")).isEqualTo(Ipld.integer(2));
    assertThat(select(".[\"$_*\"]", "{'$_*': 3}")).isEqualTo(Ipld.integer(3));
    assertThat(select(".[\"1\"]", "{'1': 4}")).isEqualTo(Ipld.integer(4));
    assertThat(select(".a[\"b c\"]", "{'a': {'b c': 5}}")).isEqualTo(Ipld.integer(5));
  }

  @Test
  void quotedFieldTakesJsonEscapes() {
    Ipld args = Ipld.Map.builder().put("say \"hi\"\n", 1).put("]", 2).put("é", 3).build();
    assertThat(select(".[\"say \\\"hi\\\"\\n\"]", args)).isEqualTo(Ipld.integer(1));
    assertThat(select(".[\"]\"]", args)).isEqualTo(Ipld.integer(2));
    assertThat(select(".[\"\\u00e9\"]", args)).isEqualTo(Ipld.integer(3));
  }

  @Test
  void indexSelectsAListElementAndNegativeCountsFromTheEnd() {
    assertThat(select(".to[1]", MAIL)).isEqualTo(Ipld.text("carol@not.example.com"));
    assertThat(select(".to[-1]", MAIL)).isEqualTo(Ipld.text("dan@example.com"));
    assertThat(select(".to[-3]", MAIL)).isEqualTo(Ipld.text("bob@example.com"));
    assertThat(select(".a[0]", "{'a': [[9]]}")).isEqualTo(json("[9]"));
    assertThat(select(".a[0][0]", "{'a': [[9]]}")).isEqualTo(Ipld.integer(9));
  }

  @Test
  void indexOutOfRangeFailsAndWithOptionalSelectsNull() {
    assertThat(select(".to[99]", MAIL)).isNull();
    assertThat(select(".to[-4]", MAIL)).isNull();
    assertThat(select(".to[99]?", MAIL)).isEqualTo(Ipld.NULL);
  }

  @Test
  void indexIntoBytesSelectsAnUnsignedByte() {
    Ipld bytes = json("{'/': {'bytes': '1qnBjPjE'}}"); // the spec's example: d6 a9 c1 8c f8 c4
    assertThat(select(".[3]", bytes)).isEqualTo(Ipld.integer(140));
    assertThat(select(".[-1]", bytes)).isEqualTo(Ipld.integer(0xc4));
    assertThat(select(".[6]", bytes)).isNull();
  }

  @Test
  void slicesTakeARangeOfAListClampedAtTheEnds() {
    String args = "{'a': [0, 1, 2, 3, 4]}";
    assertThat(select(".a[1:3]", args)).isEqualTo(json("[1, 2]"));
    assertThat(select(".a[2:]", args)).isEqualTo(json("[2, 3, 4]"));
    assertThat(select(".a[:2]", args)).isEqualTo(json("[0, 1]"));
    assertThat(select(".a[0:-2]", args)).isEqualTo(json("[0, 1, 2]"));
    assertThat(select(".a[-2:]", args)).isEqualTo(json("[3, 4]"));
    assertThat(select(".a[3:99]", args)).isEqualTo(json("[3, 4]"));
    assertThat(select(".a[4:1]", args)).isEqualTo(json("[]"));
    assertThat(select(".a[-99:1]", args)).isEqualTo(json("[0]"));
  }

  @Test
  void slicesOfBytesAreBytes() {
    Ipld bytes = json("{'/': {'bytes': '1qnBjPjE'}}");
    assertThat(select(".[1:3]", bytes)).isEqualTo(Ipld.Bytes.of(new byte[] {(byte) 0xa9, (byte) 0xc1}));
  }

  @Test
  void sliceOfAStringOrMapFails() {
    assertThat(select(".a[0:1]", "{'a': 'text'}")).isNull();
    assertThat(select(".a[0:1]?", "{'a': {'b': 1}}")).isEqualTo(Ipld.NULL);
  }

  @Test
  void collectionValuesLeaveAListAsItIsAndTakeAMapsValues() {
    assertThat(select(".a[]", "{'a': [3, 1]}")).isEqualTo(json("[3, 1]"));
    assertThat(select(".a[]", "{'a': {'y': 2, 'x': 1}}")).isEqualTo(json("[1, 2]"));
    assertThat(select(".a[]", "{'a': 5}")).isNull();
    assertThat(select(".a[]?", "{'a': 5}")).isEqualTo(Ipld.NULL);
  }

  @Test
  void segmentsAfterCollectionValuesApplyToTheListNotToEachElement() {
    assertThat(select(".a[][0]", "{'a': {'x': 1, 'y': 2}}")).isEqualTo(Ipld.integer(1));
    assertThat(select(".a[].b", "{'a': [{'b': 1}]}")).isNull();
  }

  @Test
  void aMissingKeySelectsNull() {
    assertThat(select(".nope", MAIL)).isEqualTo(Ipld.NULL);
    assertThat(select(".[\"nope\"]", MAIL)).isEqualTo(Ipld.NULL);
  }

  @Test
  void aFieldOfAMissingKeyFailsUnlessOptional() {
    assertThat(select(".nope.deeper", MAIL)).isNull();
    assertThat(select(".nope.deeper?", MAIL)).isEqualTo(Ipld.NULL);
    assertThat(select(".nope?.deeper", MAIL)).isNull();
  }

  @Test
  void aFieldOfANonMapFailsUnlessOptional() {
    assertThat(select(".to.length", MAIL)).isNull();
    assertThat(select(".to.length?", MAIL)).isEqualTo(Ipld.NULL);
    assertThat(select(".title.x", MAIL)).isNull();
    assertThat(select(".x", "null")).isNull();
  }

  @Test
  void resolutionStopsAtTheFirstFailureEvenBeforeALaterOptional() {
    assertThat(select(".to[99].x?", MAIL)).isNull();
    assertThat(select(".to[99]?.x?", MAIL)).isEqualTo(Ipld.NULL);
  }

  @Test
  void repeatedOptionalsAreOne() {
    Selector once = Selector.parse(".a?", 100);
    Selector thrice = Selector.parse(".a???", 100);
    assertThat(thrice.segments()).hasSize(1);
    assertThat(thrice.segments().get(0).optional()).isTrue();
    assertThat(thrice.select(json("[]"))).isEqualTo(once.select(json("[]"))).isEqualTo(Ipld.NULL);
    assertThat(thrice.text()).isEqualTo(".a???");
  }

  @Test
  void aLoneDotBetweenOrAfterSegmentsIsIdentity() {
    assertThat(select(".a.[0]", "{'a': [8]}")).isEqualTo(Ipld.integer(8));
    assertThat(select(".a.", "{'a': 8}")).isEqualTo(Ipld.integer(8));
    assertThat(select(".?", "3")).isEqualTo(Ipld.integer(3));
  }

  @ParameterizedTest(name = "\"{0}\" is not a selector")
  @ValueSource(strings = {"", "a", "[\"a\"]", "[0]", "..", ".a..b", "...", ".a b", ". a", ".a[", ".a[0",
      ".a[x]", ".a[1.5]", ".a[+1]", ".a[ 0 ]", ".a[:]", ".a[1:2:3]", ".[\"a]", ".[\"a\"", ".[\"a\\q\"]",
      ".[\"\\ud800\"]", ".0", ".a-b", ".a$", ".é", ".a[99999999999999999999]", "?", ".a]"})
  void malformedSelectorsAreBadSelector(String text) {
    assertThatThrownBy(() -> Selector.parse(text, 100))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.BAD_SELECTOR))
        .hasMessageContaining("selector");
  }

  @Test
  void aSelectorThatIsNotAStringIsBadSelector() {
    assertThatThrownBy(() -> J.policy("[['==', 1, 2]]"))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.BAD_SELECTOR))
        .hasMessageContaining("pol[0][1]");
  }

  @Test
  void aSelectorLongerThanTheLimitIsTooLarge() {
    String longest = "." + "a".repeat(Limits.DEFAULT_MAX_SELECTOR_LENGTH - 1);
    assertThat(Selector.parse(longest, Limits.DEFAULT_MAX_SELECTOR_LENGTH).segments()).hasSize(1);
    assertThatThrownBy(() -> Selector.parse(longest + "a", Limits.DEFAULT_MAX_SELECTOR_LENGTH))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.reason()).isEqualTo(PolicyException.Reason.TOO_LARGE));
  }

  @Test
  void whyUnresolvedNamesTheFailingPrefix() {
    Selector s = Selector.parse(".to[99].x", 100);
    assertThat(s.whyUnresolved(json(MAIL)))
        .isEqualTo("selector .to[99].x does not resolve at .to[99]: index 99 is out of range for a list of 3");
  }
}
