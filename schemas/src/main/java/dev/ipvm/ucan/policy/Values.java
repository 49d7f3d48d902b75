package dev.ipvm.ucan.policy;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Comparisons over IPLD values as the policy language defines them. Numbers compare by value
 * whatever their kind: the spec says "the decimal representation is considered equivalent to an
 * integer ({@code 1 == 1.0 == 1.00})", and the official fixtures check {@code ["==", ".b", 1.0]}
 * against the integer 1. The comparison is exact (an integer beyond 2^53 is not rounded to a
 * double first), so no two distinct numbers compare equal.
 */
final class Values {
  private static final long EXACT_IN_DOUBLE = 1L << 53;

  private Values() {}

  static boolean isNumber(Ipld v) {
    return v instanceof Ipld.Int || v instanceof Ipld.Float;
  }

  /** The sign of {@code a - b}; both must be numbers. */
  static int compareNumbers(Ipld a, Ipld b) {
    if (a instanceof Ipld.Int x && b instanceof Ipld.Int y) {
      return x.fitsLong() && y.fitsLong()
          ? Long.compare(x.longValue(), y.longValue())
          : x.bigValue().compareTo(y.bigValue());
    }
    if (a instanceof Ipld.Float x && b instanceof Ipld.Float y) {
      return compareDoubles(x.value(), y.value());
    }
    if (a instanceof Ipld.Int x && b instanceof Ipld.Float y) {
      return compareIntFloat(x, y.value());
    }
    if (a instanceof Ipld.Float x && b instanceof Ipld.Int y) {
      return -compareIntFloat(y, x.value());
    }
    throw new IllegalArgumentException("not numbers: " + a + ", " + b);
  }

  private static int compareIntFloat(Ipld.Int i, double f) {
    if (i.fitsLong() && i.longValue() >= -EXACT_IN_DOUBLE && i.longValue() <= EXACT_IN_DOUBLE) {
      return compareDoubles(i.longValue(), f); // the long converts to double exactly
    }
    return new BigDecimal(i.bigValue()).compareTo(new BigDecimal(f)); // both exact
  }

  // not Double.compare: that orders -0.0 before 0.0, and the two are the same number
  private static int compareDoubles(double a, double b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /**
   * The spec's "deep comparison" for {@code ==}: same kind and contents, lists in order, maps key
   * by key, numbers by value at any depth (so {@code [1]} equals {@code [1.0]}), bytes and links
   * by their bytes.
   */
  static boolean deepEqual(Ipld a, Ipld b) {
    if (isNumber(a) && isNumber(b)) {
      return compareNumbers(a, b) == 0;
    }
    if (a.kind() != b.kind()) {
      return false;
    }
    if (a instanceof Ipld.List x && b instanceof Ipld.List y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEqual(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Ipld.Map x && b instanceof Ipld.Map y) {
      if (x.size() != y.size()) {
        return false;
      }
      // both iterate in canonical key order, so equal maps line up index by index
      for (int i = 0; i < x.size(); i++) {
        if (!x.key(i).equals(y.key(i)) || !deepEqual(x.value(i), y.value(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** The IPLD kind's name, for messages: "string", "map", ... */
  static String kind(Ipld v) {
    return v.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The kind with an article, for "... is a string": "an integer", "null", "bytes". */
  static String aKind(Ipld v) {
    return switch (v.kind()) {
      case NULL -> "null";
      case BOOL -> "a boolean";
      case INT -> "an integer";
      case FLOAT -> "a float";
      case STRING -> "a string";
      case BYTES -> "bytes";
      case LIST -> "a list";
      case MAP -> "a map";
      case LINK -> "a link";
    };
  }

  /** DAG-JSON text of {@code v}, cut to about {@code max} characters, for messages. */
  static String render(Ipld v, int max) {
    String s;
    try {
      s = DagJson.encodeToString(v);
    } catch (RuntimeException e) {
      s = v.toString(); // a value with no DAG-JSON form still gets named
    }
    return cut(s, max);
  }

  /**
   * {@code s} cut to {@code max} characters with an ellipsis, never between the two halves of a
   * surrogate pair (the message may go into an IPLD string, which refuses a lone surrogate).
   */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "…";
  }
}
