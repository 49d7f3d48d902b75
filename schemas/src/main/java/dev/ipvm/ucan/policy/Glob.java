package dev.ipvm.ucan.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code like} pattern (delegation spec, "Glob Matching"). The only special character is
 * {@code *}, zero or more characters; {@code \*} is a literal star. The spec names no other
 * escape, and implementations read other backslashes differently (go-ucan: a backslash escapes
 * any character; rs-ucan: it is literal unless before {@code *}). This class accepts only the two
 * escapes with one plain meaning: {@code \*} is a star and {@code \\} is one backslash (the usual
 * convention, and go-ucan's, so that "a backslash, then anything" can be written
 * {@code \\*}). Any other backslash is {@link PolicyException.Reason#BAD_PATTERN}: refusing the
 * delegation is better than silently picking a meaning its issuer may not have meant.
 *
 * <p>Matching splits the pattern at its wildcards; the first literal part must be a prefix, the
 * last a suffix, and the ones between are found left to right (the leftmost match is always a
 * safe choice with {@code *} as the only wildcard). Each search is Knuth-Morris-Pratt, so a match
 * takes time linear in the string and pattern, whatever a delegator writes. Matching is on UTF-16
 * units, which for valid Unicode text (all IPLD strings) is the same as on code points.
 */
final class Glob {
  private final String pattern;
  private final List<String> parts; // literal text between wildcards; size 1 means no wildcard
  private final int[][] tables; // KMP failure tables of the parts

  private Glob(String pattern, List<String> parts) {
    this.pattern = pattern;
    this.parts = List.copyOf(parts);
    this.tables = new int[parts.size()][];
    for (int i = 0; i < parts.size(); i++) {
      tables[i] = failureTable(parts.get(i));
    }
  }

  /** @throws PolicyException BAD_PATTERN on a bad escape, TOO_LARGE over {@code maxLength} */
  static Glob parse(String pattern, int maxLength) {
    if (pattern.length() > maxLength) {
      throw new PolicyException(PolicyException.Reason.TOO_LARGE, "like pattern of "
          + pattern.length() + " characters is longer than the limit of " + maxLength);
    }
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\\') {
        char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
        if (next != '*' && next != '\\') {
          throw new PolicyException(PolicyException.Reason.BAD_PATTERN, "like pattern \"" + pattern
              + "\": a backslash at " + i + " escapes neither '*' nor '\\' (write \\\\ for a backslash)");
        }
        cur.append(next);
        i++;
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return new Glob(pattern, parts);
  }

  String pattern() {
    return pattern;
  }

  boolean matches(String s) {
    int n = parts.size();
    String first = parts.get(0);
    if (n == 1) {
      return s.equals(first);
    }
    String last = parts.get(n - 1);
    if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int limit = s.length() - last.length();
    for (int i = 1; i < n - 1; i++) {
      int at = find(s, from, limit, parts.get(i), tables[i]);
      if (at < 0) {
        return false;
      }
      from = at + parts.get(i).length();
    }
    return true;
  }

  /** The first index in [from, limit) where {@code p} occurs wholly before {@code limit}, or -1. */
  private static int find(String s, int from, int limit, String p, int[] fail) {
    int m = p.length();
    if (m == 0) {
      return from;
    }
    int k = 0;
    for (int i = from; i < limit; i++) {
      char c = s.charAt(i);
      while (k > 0 && p.charAt(k) != c) {
        k = fail[k - 1];
      }
      if (p.charAt(k) == c) {
        k++;
      }
      if (k == m) {
        return i - m + 1;
      }
    }
    return -1;
  }

  private static int[] failureTable(String p) {
    int[] fail = new int[p.length()];
    int k = 0;
    for (int i = 1; i < p.length(); i++) {
      while (k > 0 && p.charAt(k) != p.charAt(i)) {
        k = fail[k - 1];
      }
      if (p.charAt(k) == p.charAt(i)) {
        k++;
      }
      fail[i] = k;
    }
    return fail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob g && g.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
