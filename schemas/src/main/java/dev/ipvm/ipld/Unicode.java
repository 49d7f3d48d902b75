package dev.ipvm.ipld;

/**
 * Checks that a Java string is Unicode text. A {@code String} may hold an unpaired UTF-16
 * surrogate, which has no UTF-8 form: encoding it would silently change the text (and so the
 * CID), so IPLD strings and map keys refuse it.
 */
public final class Unicode {
  private Unicode() {}

  /** The index of the first unpaired surrogate in {@code s}, or -1 when there is none. */
  public static int loneSurrogateIndex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** @throws IllegalArgumentException naming {@code what} and the index of the lone surrogate */
  static String requireText(String s, String what) {
    int at = loneSurrogateIndex(s);
    if (at >= 0) {
      throw new IllegalArgumentException(String.format(
          "%s has an unpaired surrogate U+%04X at index %d", what, (int) s.charAt(at), at));
    }
    return s;
  }
}
