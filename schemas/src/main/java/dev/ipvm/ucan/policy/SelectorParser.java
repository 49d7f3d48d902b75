package dev.ipvm.ucan.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the spec's selector syntax. The grammar, strictest reading of the spec's table and text:
 *
 * <pre>
 * selector = "." ( ident | "" ) { segment }      -- begins with a dot; "." alone is identity
 * segment  = ( "." ident | "." | "[" inner "]" ) { "?" }
 * inner    = ""                                  -- [] collection values
 *          | int                                 -- [0], [-1]
 *          | [ int ] ":" [ int ]                 -- slices, at least one bound: [7:11], [2:], [:42]
 *          | json-string                         -- ["any key"], with JSON escapes
 * ident    = [A-Za-z_][A-Za-z0-9_]*              -- jq's identifiers; other keys need ["..."]
 * int      = "-"? [0-9]+
 * </pre>
 *
 * A lone {@code .} between or after segments is identity (jq 1.7 writes {@code .a.[0]}); two dots
 * in a row ({@code ..}, jq's recursive descent) are refused, as the spec says. Repeated {@code ?}
 * count as one. No whitespace is allowed anywhere.
 */
final class SelectorParser {
  private final String s;
  private final int maxLength;
  private int pos;

  SelectorParser(String s, int maxLength) {
    this.s = s;
    this.maxLength = maxLength;
  }

  Selector parse() {
    if (s.length() > maxLength) {
      throw new PolicyException(PolicyException.Reason.TOO_LARGE,
          "selector of " + s.length() + " characters is longer than the limit of " + maxLength);
    }
    if (s.isEmpty()) {
      throw bad("a selector cannot be empty");
    }
    if (s.charAt(0) != '.') {
      throw bad("a selector begins with '.'");
    }
    List<Segment> segments = new ArrayList<>();
    while (pos < s.length()) {
      int start = pos;
      char c = s.charAt(pos);
      Segment seg;
      if (c == '.') {
        pos++;
        if (pos < s.length() && s.charAt(pos) == '.') {
          throw bad("'..' (recursive descent) is not part of UCAN selectors");
        }
        if (pos < s.length() && identStart(s.charAt(pos))) {
          while (pos < s.length() && identPart(s.charAt(pos))) {
            pos++;
          }
          String name = s.substring(start + 1, pos);
          boolean opt = optionals();
          seg = new Segment.Field(name, opt, s.substring(start, pos));
        } else {
          boolean opt = optionals();
          seg = new Segment.Identity(opt, s.substring(start, pos));
        }
      } else if (c == '[') {
        seg = bracket(start);
      } else {
        throw bad("unexpected '" + c + "' (a field name that is not an identifier is written [\"...\"])");
      }
      segments.add(seg);
    }
    return new Selector(s, segments);
  }

  private Segment bracket(int start) {
    pos++; // '['
    if (pos < s.length() && s.charAt(pos) == '"') {
      String name = quoted();
      expect(']');
      boolean opt = optionals();
      return new Segment.Field(name, opt, s.substring(start, pos));
    }
    int close = s.indexOf(']', pos);
    if (close < 0) {
      throw bad("'[' without ']'");
    }
    String inner = s.substring(pos, close);
    pos = close + 1;
    Segment seg;
    if (inner.isEmpty()) {
      boolean opt = optionals();
      return new Segment.Iterate(opt, s.substring(start, pos));
    }
    int colon = inner.indexOf(':');
    if (colon < 0) {
      long index = integer(inner);
      boolean opt = optionals();
      seg = new Segment.Index(index, opt, s.substring(start, pos));
    } else {
      String a = inner.substring(0, colon);
      String b = inner.substring(colon + 1);
      if (a.isEmpty() && b.isEmpty()) {
        throw bad("a slice needs at least one bound");
      }
      Long from = a.isEmpty() ? null : integer(a);
      Long to = b.isEmpty() ? null : integer(b);
      boolean opt = optionals();
      seg = new Segment.Slice(from, to, opt, s.substring(start, pos));
    }
    return seg;
  }

  private long integer(String t) {
    int i = t.startsWith("-") ? 1 : 0;
    if (i == t.length()) {
      throw bad("'[" + t + "]' is not an index, a slice, [] or a quoted field");
    }
    for (int k = i; k < t.length(); k++) {
      if (t.charAt(k) < '0' || t.charAt(k) > '9') {
        throw bad("'[" + t + "]' is not an index, a slice, [] or a quoted field");
      }
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw bad("index " + t + " is out of range");
    }
  }

  /** A JSON string literal at {@code pos}, unescaped. */
  private String quoted() {
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw bad("unterminated quoted field name");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw bad("unterminated escape in quoted field name");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw bad("unknown escape '\\" + e + "' in quoted field name");
      }
    }
    String name = out.toString();
    if (dev.ipvm.ipld.Unicode.loneSurrogateIndex(name) >= 0) {
      throw bad("quoted field name has an unpaired surrogate");
    }
    return name;
  }

  private char hex4() {
    if (pos + 4 > s.length()) {
      throw bad("\\u needs four hex digits");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(s.charAt(pos + i), 16);
      if (d < 0) {
        throw bad("\\u needs four hex digits");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw bad("expected '" + c + "'");
    }
    pos++;
  }

  /** Consumes any '?' after a segment; the spec makes repeated optionals one. */
  private boolean optionals() {
    boolean any = false;
    while (pos < s.length() && s.charAt(pos) == '?') {
      pos++;
      any = true;
    }
    return any;
  }

  private static boolean identStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean identPart(char c) {
    return identStart(c) || (c >= '0' && c <= '9');
  }

  private PolicyException bad(String problem) {
    return new PolicyException(PolicyException.Reason.BAD_SELECTOR,
        "selector \"" + s + "\": " + problem + " (at column " + (pos + 1) + ")");
  }
}
