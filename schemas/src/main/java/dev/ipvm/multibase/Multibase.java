package dev.ipvm.multibase;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Multibase text: a one-character prefix naming the base, then the encoded bytes. */
public final class Multibase {
  private Multibase() {}

  /** The bases this project reads and writes, with their multibase prefixes. */
  public enum Encoding {
    BASE16('f'),
    BASE16UPPER('F'),
    BASE32('b'),
    BASE32UPPER('B'),
    BASE32PAD('c'),
    BASE32PADUPPER('C'),
    BASE58BTC('z'),
    BASE64('m'),
    BASE64PAD('M'),
    BASE64URL('u'),
    BASE64URLPAD('U');

    private final char prefix;

    Encoding(char prefix) {
      this.prefix = prefix;
    }

    public char prefix() {
      return prefix;
    }

    /** The encoding for a prefix character, or null when there is none. */
    public static Encoding byPrefix(char prefix) {
      for (Encoding e : values()) {
        if (e.prefix == prefix) {
          return e;
        }
      }
      return null;
    }
  }

  private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int[] B32_INDEX = index(B32);
  private static final char[] B58 =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] B58_INDEX = index(B58);

  public static String encode(Encoding encoding, byte[] data) {
    String body = switch (encoding) {
      case BASE16 -> HexFormat.of().formatHex(data);
      case BASE16UPPER -> HexFormat.of().withUpperCase().formatHex(data);
      case BASE32 -> base32(data, false);
      case BASE32UPPER -> base32(data, false).toUpperCase(Locale.ROOT);
      case BASE32PAD -> base32(data, true);
      case BASE32PADUPPER -> base32(data, true).toUpperCase(Locale.ROOT);
      case BASE58BTC -> encodeBase58btcRaw(data);
      case BASE64 -> Base64.getEncoder().withoutPadding().encodeToString(data);
      case BASE64PAD -> Base64.getEncoder().encodeToString(data);
      case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(data);
      case BASE64URLPAD -> Base64.getUrlEncoder().encodeToString(data);
    };
    return encoding.prefix + body;
  }

  /** Decodes multibase text. Base16 and base32 are read case-insensitively, as the spec asks. */
  public static byte[] decode(String text) {
    if (text.isEmpty()) {
      throw new MultibaseException("empty multibase string");
    }
    Encoding encoding = Encoding.byPrefix(text.charAt(0));
    if (encoding == null) {
      throw new MultibaseException("unsupported multibase prefix '" + text.charAt(0)
          + "' (supported: f F b B c C z m M u U)");
    }
    String body = text.substring(1);
    return switch (encoding) {
      case BASE16, BASE16UPPER -> decodeBase16(body);
      case BASE32, BASE32UPPER -> decodeBase32(body.toLowerCase(Locale.ROOT));
      case BASE32PAD, BASE32PADUPPER -> decodeBase32Padded(body.toLowerCase(Locale.ROOT));
      case BASE58BTC -> decodeBase58btc(body);
      case BASE64, BASE64PAD -> decodeBase64(Base64.getDecoder(), body);
      case BASE64URL, BASE64URLPAD -> decodeBase64(Base64.getUrlDecoder(), body);
    };
  }

  /** {@code b} + RFC 4648 base32, lower case, no padding: the default text form of a CIDv1. */
  public static String encodeBase32(byte[] data) {
    return 'b' + base32(data, false);
  }

  private static String base32(byte[] data, boolean pad) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5 + 6);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(B32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(B32[(buffer << (5 - bits)) & 31]);
    }
    while (pad && sb.length() % 8 != 0) {
      sb.append('=');
    }
    return sb.toString();
  }

  private static byte[] decodeBase32Padded(String s) {
    if (s.length() % 8 != 0) {
      throw new MultibaseException("padded base32 length must be a multiple of 8, got " + s.length());
    }
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return decodeBase32(s.substring(0, end));
  }

  private static byte[] decodeBase16(String s) {
    try {
      return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MultibaseException("invalid base16: " + e.getMessage());
    }
  }

  /** RFC 4648 base32 without prefix or padding; lower case. */
  public static byte[] decodeBase32(String s) {
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int v = c < 128 ? B32_INDEX[c] : -1;
      if (v < 0) {
        throw new MultibaseException("invalid base32 character '" + c + "' at position " + (i + 1));
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new MultibaseException("base32 string has non-zero or excess trailing bits");
    }
    return out;
  }

  /** Base58btc without a prefix (the CIDv0 and did:key body form). */
  public static String encodeBase58btcRaw(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    byte[] input = data.clone();
    char[] encoded = new char[data.length * 2];
    int out = encoded.length;
    int start = zeros;
    while (start < input.length) {
      int remainder = 0;
      for (int i = start; i < input.length; i++) {
        int digit = ((remainder << 8) | (input[i] & 0xFF));
        input[i] = (byte) (digit / 58);
        remainder = digit % 58;
      }
      encoded[--out] = B58[remainder];
      while (start < input.length && input[start] == 0) {
        start++;
      }
    }
    for (int i = 0; i < zeros; i++) {
      encoded[--out] = '1';
    }
    return new String(encoded, out, encoded.length - out);
  }

  /** Base58btc without a prefix. */
  public static byte[] decodeBase58btc(String s) {
    int zeros = 0;
    while (zeros < s.length() && s.charAt(zeros) == '1') {
      zeros++;
    }
    byte[] b256 = new byte[s.length()]; // base58 is longer than its bytes
    int length = 0;
    for (int i = zeros; i < s.length(); i++) {
      char c = s.charAt(i);
      int carry = c < 128 ? B58_INDEX[c] : -1;
      if (carry < 0) {
        throw new MultibaseException("invalid base58btc character '" + c + "' at position " + i);
      }
      int j = 0;
      for (int k = b256.length - 1; (carry != 0 || j < length) && k >= 0; k--, j++) {
        carry += 58 * (b256[k] & 0xFF);
        b256[k] = (byte) (carry & 0xFF);
        carry >>>= 8;
      }
      length = j;
    }
    byte[] out = new byte[zeros + length];
    System.arraycopy(b256, b256.length - length, out, zeros, length);
    return out;
  }

  private static byte[] decodeBase64(Base64.Decoder decoder, String s) {
    try {
      return decoder.decode(s);
    } catch (IllegalArgumentException e) {
      throw new MultibaseException("invalid base64: " + e.getMessage());
    }
  }

  private static int[] index(char[] alphabet) {
    int[] idx = new int[128];
    java.util.Arrays.fill(idx, -1);
    for (int i = 0; i < alphabet.length; i++) {
      idx[alphabet[i]] = i;
    }
    return idx;
  }
}
