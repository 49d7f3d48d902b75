package dev.ipvm.dagcbor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every non-canonical or forbidden form is rejected, naming its rule and byte offset. */
class DagCborRejectionTest {
  private static final String CID_EMPTY_MAP =
      "01711220c19a797fa1fd590cd2e5b42d1cf5f246e29b91684e2f87404b81dc345c7a56a0";

  static Stream<Arguments> rejections() {
    return Stream.of(
        // rule, offset, hex, what it is
        Arguments.of(Rule.EMPTY_INPUT, 0, "", "no bytes"),
        Arguments.of(Rule.TRAILING_BYTES, 1, "0000", "two items"),
        Arguments.of(Rule.TRAILING_BYTES, 1, "a0ff", "item then break"),
        Arguments.of(Rule.TRUNCATED, 0, "18", "uint8 head without its byte"),
        Arguments.of(Rule.TRUNCATED, 0, "1b000000", "uint64 head cut short"),
        Arguments.of(Rule.TRUNCATED, 2, "820118", "second list item cut short"),
        Arguments.of(Rule.TRUNCATED, 0, "fb3ff8", "float cut short"),
        Arguments.of(Rule.INDEFINITE_LENGTH, 0, "9f01ff", "indefinite list"),
        Arguments.of(Rule.INDEFINITE_LENGTH, 0, "bf616101ff", "indefinite map"),
        Arguments.of(Rule.INDEFINITE_LENGTH, 0, "5f4101ff", "indefinite bytes"),
        Arguments.of(Rule.INDEFINITE_LENGTH, 0, "7f6161ff", "indefinite string"),
        Arguments.of(Rule.INDEFINITE_LENGTH, 0, "ff", "lone break"),
        Arguments.of(Rule.RESERVED_ADDITIONAL_INFO, 0, "1c", "additional info 28"),
        Arguments.of(Rule.RESERVED_ADDITIONAL_INFO, 0, "fe", "simple additional info 30"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "1817", "23 in one extra byte"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "1900ff", "255 in two bytes"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "1a0000ffff", "65535 in four bytes"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "1b00000000ffffffff", "2^32-1 in eight bytes"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "3817", "-24 in one extra byte"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "580161", "byte-string length 1 in one extra byte"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "780161", "string length 1 in one extra byte"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "980101", "list length 1 in one extra byte"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 1, "81b9000100", "map length in two bytes"),
        Arguments.of(Rule.NON_CANONICAL_INTEGER, 0, "d9002a5825" + "00" + CID_EMPTY_MAP, "tag 42 in two bytes"),
        Arguments.of(Rule.NON_STRING_KEY, 1, "a10101", "integer key"),
        Arguments.of(Rule.NON_STRING_KEY, 1, "a1410101", "bytes key"),
        Arguments.of(Rule.DUPLICATE_KEY, 4, "a2616101616102", "key 'a' twice"),
        Arguments.of(Rule.KEY_ORDER, 4, "a2616201616102", "'b' before 'a'"),
        Arguments.of(Rule.KEY_ORDER, 5, "a262616101616202", "'aa' before 'b' (shorter first)"),
        Arguments.of(Rule.KEY_ORDER, 5, "a262c3a90162656502", "'é' before 'ee' (bytewise)"),
        Arguments.of(Rule.FLOAT_NOT_64_BIT, 0, "f93c00", "half-precision 1.0"),
        Arguments.of(Rule.FLOAT_NOT_64_BIT, 0, "fa3fc00000", "single-precision 1.5"),
        Arguments.of(Rule.FLOAT_NOT_FINITE, 0, "fb7ff8000000000000", "NaN"),
        Arguments.of(Rule.FLOAT_NOT_FINITE, 0, "fb7ff0000000000000", "+Infinity"),
        Arguments.of(Rule.FLOAT_NOT_FINITE, 0, "fbfff0000000000000", "-Infinity"),
        Arguments.of(Rule.FORBIDDEN_TAG, 0, "c074323031332d30332d32315432303a30343a30305a", "tag 0 date"),
        Arguments.of(Rule.FORBIDDEN_TAG, 0, "d82b40", "tag 43"),
        Arguments.of(Rule.FORBIDDEN_TAG, 1, "81c249010000000000000000", "bignum tag 2"),
        Arguments.of(Rule.BAD_CID, 2, "d82a01", "tag 42 over an integer"),
        Arguments.of(Rule.BAD_CID, 4, "d82a5825" + "01" + CID_EMPTY_MAP, "missing 0x00 prefix"),
        Arguments.of(Rule.BAD_CID, 3, "d82a40", "empty byte string"),
        Arguments.of(Rule.BAD_CID, 4, "d82a43000171", "CID truncated"),
        Arguments.of(Rule.BAD_CID, 5, "d82a5825" + "00" + "02" + CID_EMPTY_MAP.substring(2), "CID version 2"),
        Arguments.of(Rule.FORBIDDEN_SIMPLE_VALUE, 0, "f7", "undefined"),
        Arguments.of(Rule.FORBIDDEN_SIMPLE_VALUE, 0, "f0", "simple value 16"),
        Arguments.of(Rule.FORBIDDEN_SIMPLE_VALUE, 0, "f820", "simple value 32 in the next byte"),
        Arguments.of(Rule.INVALID_UTF8, 0, "62c328", "bad continuation byte"),
        Arguments.of(Rule.INVALID_UTF8, 0, "62c080", "overlong NUL"),
        Arguments.of(Rule.INVALID_UTF8, 0, "63eda080", "UTF-16 surrogate"),
        Arguments.of(Rule.INVALID_UTF8, 1, "a162c32801", "invalid map key"),
        Arguments.of(Rule.TOO_LARGE, 0, "5affffffff", "4 GiB byte string"),
        Arguments.of(Rule.TOO_LARGE, 0, "9bffffffffffffffff", "2^64-1 items"),
        Arguments.of(Rule.TOO_LARGE, 0, "a2616101", "map of 2 entries with room for one"),
        Arguments.of(Rule.TOO_LARGE, 0, "8201", "list of 2 with one byte left"),
        Arguments.of(Rule.TOO_LARGE, 0, "6361", "3-byte string with one byte"));
  }

  @ParameterizedTest(name = "{1}: {3}")
  @MethodSource("rejections")
  void rejects(Rule rule, int offset, String hex, String what) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThatThrownBy(() -> DagCbor.decode(bytes))
        .isInstanceOfSatisfying(DagCborException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.rule()).as(what).isEqualTo(rule);
          org.assertj.core.api.Assertions.assertThat(e.offset()).as(what).isEqualTo(offset);
        })
        .hasMessageContaining("at byte " + offset)
        .hasMessageContaining(rule.description());
  }

  @Test
  void nestingIsBoundedInsteadOfOverflowingTheStack() {
    byte[] deep = new byte[100_000];
    java.util.Arrays.fill(deep, (byte) 0x81); // [[[[...
    assertThatThrownBy(() -> DagCbor.decode(deep))
        .isInstanceOfSatisfying(DagCborException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.rule()).isEqualTo(Rule.TOO_DEEP));
  }

  @Test
  void everyRuleHasARejectionCase() {
    java.util.Set<Rule> covered = new java.util.HashSet<>();
    rejections().forEach(a -> covered.add((Rule) a.get()[0]));
    covered.add(Rule.TOO_DEEP);
    org.assertj.core.api.Assertions.assertThat(covered).containsExactlyInAnyOrder(Rule.values());
  }
}
