package dev.ipvm.ipld;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Orders of map keys that IPLD codecs require. */
public final class KeyOrder {
  private KeyOrder() {}

  /** DAG-CBOR (RFC 7049 canonical): shorter UTF-8 encoding first, then bytewise. */
  public static final Comparator<String> DAG_CBOR = (a, b) -> {
    if (isAscii(a) && isAscii(b)) {
      int d = Integer.compare(a.length(), b.length());
      return d != 0 ? d : a.compareTo(b); // ASCII chars compare like their bytes
    }
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int d = Integer.compare(x.length, y.length);
    return d != 0 ? d : Arrays.compareUnsigned(x, y);
  };

  /** DAG-JSON: bytewise on UTF-8, whatever the length. */
  public static final Comparator<String> DAG_JSON = (a, b) -> {
    if (isAscii(a) && isAscii(b)) {
      return a.compareTo(b);
    }
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  };

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
