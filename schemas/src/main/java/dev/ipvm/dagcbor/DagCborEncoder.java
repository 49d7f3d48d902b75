package dev.ipvm.dagcbor;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.math.BigInteger;

/**
 * The canonical DAG-CBOR encoder: shortest heads, 64-bit floats, map keys in canonical
 * order (already the iteration order of {@link Ipld.Map}), links as tag 42 over
 * {@code 0x00 + CID}. Equal values always give identical bytes.
 *
 * <p>It measures the value first and then writes into one array of exactly that size: no
 * growing buffer, no final copy, no per-string byte arrays.
 */
public final class DagCborEncoder {
  private final byte[] buf;
  private int len;

  private DagCborEncoder(int size) {
    this.buf = new byte[size];
  }

  public static byte[] encode(Ipld value) {
    long size = sizeOf(value);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("value encodes to " + size + " bytes, more than an array holds");
    }
    DagCborEncoder e = new DagCborEncoder((int) size);
    e.write(value);
    if (e.len != size) {
      throw new IllegalStateException("measured " + size + " bytes but wrote " + e.len);
    }
    return e.buf;
  }

  /** The exact number of bytes {@code value} encodes to. */
  public static long sizeOf(Ipld value) {
    switch (value.kind()) {
      case NULL:
      case BOOL:
        return 1;
      case INT:
        return headSize(intArgument((Ipld.Int) value));
      case FLOAT:
        return 9;
      case STRING:
        return textSize(((Ipld.Text) value).value());
      case BYTES: {
        int n = ((Ipld.Bytes) value).length();
        return headSize(n) + n;
      }
      case LIST: {
        Ipld.List l = (Ipld.List) value;
        long n = headSize(l.size());
        for (Ipld item : l.items()) {
          n += sizeOf(item);
        }
        return n;
      }
      case MAP: {
        Ipld.Map m = (Ipld.Map) value;
        long n = headSize(m.size());
        for (int i = 0; i < m.size(); i++) {
          n += textSize(m.key(i)) + sizeOf(m.value(i));
        }
        return n;
      }
      case LINK: {
        int n = ((Ipld.Link) value).cid().byteLength() + 1;
        return 2 + headSize(n) + n;
      }
      default:
        throw new IllegalStateException("unknown kind " + value.kind());
    }
  }

  private void write(Ipld value) {
    switch (value.kind()) {
      case NULL -> buf[len++] = (byte) 0xF6;
      case BOOL -> buf[len++] = (byte) (((Ipld.Bool) value).value() ? 0xF5 : 0xF4);
      case INT -> {
        Ipld.Int i = (Ipld.Int) value;
        head(i.signum() < 0 ? 1 : 0, intArgument(i));
      }
      case FLOAT -> {
        buf[len++] = (byte) 0xFB;
        putLong(Double.doubleToRawLongBits(((Ipld.Float) value).value()));
      }
      case STRING -> writeText(((Ipld.Text) value).value());
      case BYTES -> {
        Ipld.Bytes b = (Ipld.Bytes) value;
        head(2, b.length());
        b.copyTo(buf, len);
        len += b.length();
      }
      case LIST -> {
        Ipld.List l = (Ipld.List) value;
        head(4, l.size());
        for (Ipld item : l.items()) {
          write(item);
        }
      }
      case MAP -> {
        Ipld.Map m = (Ipld.Map) value;
        head(5, m.size());
        for (int i = 0; i < m.size(); i++) {
          writeText(m.key(i));
          write(m.value(i));
        }
      }
      case LINK -> writeLink(((Ipld.Link) value).cid());
    }
  }

  /** The head argument of an integer, as unsigned 64 bits: n for n >= 0, -1 - n below. */
  private static long intArgument(Ipld.Int i) {
    if (i.fitsLong()) {
      long v = i.longValue();
      return v >= 0 ? v : -1 - v;
    }
    BigInteger big = i.bigValue();
    return big.signum() > 0 ? big.longValue() : big.negate().subtract(BigInteger.ONE).longValue();
  }

  private static long textSize(String s) {
    long n = utf8Length(s);
    return headSize(n) + n;
  }

  /** UTF-8 length; Ipld strings and keys hold no lone surrogates, so pairs are 4 bytes. */
  private static long utf8Length(String s) {
    long n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        // 2-byte and 3-byte forms add 1 and 2 to the char count; a surrogate pair (2 chars) is
        // 4 bytes, so each of its halves adds 1
        n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
      }
    }
    return n;
  }

  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exact for ASCII
  private void writeText(String s) {
    long n = utf8Length(s);
    head(3, n);
    if (n == s.length()) { // all ASCII: the JDK copies the chars' low bytes in bulk
      s.getBytes(0, s.length(), buf, len);
      len += s.length();
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[len++] = (byte) c;
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xC0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[len++] = (byte) (0xF0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  private void writeLink(Cid cid) {
    buf[len++] = (byte) 0xD8;
    buf[len++] = 42;
    head(2, cid.byteLength() + 1);
    buf[len++] = 0;
    cid.copyTo(buf, len);
    len += cid.byteLength();
  }

  /** Bytes of a head whose argument is {@code arg}, read as unsigned 64-bit. */
  private static int headSize(long arg) {
    if (arg >= 0 && arg < 24) {
      return 1;
    } else if (arg >= 0 && arg <= 0xFF) {
      return 2;
    } else if (arg >= 0 && arg <= 0xFFFF) {
      return 3;
    } else if (arg >= 0 && arg <= 0xFFFFFFFFL) {
      return 5;
    }
    return 9;
  }

  /** A head with {@code arg} read as unsigned 64-bit, in its shortest form. */
  private void head(int major, long arg) {
    int m = major << 5;
    switch (headSize(arg)) {
      case 1 -> buf[len++] = (byte) (m | arg);
      case 2 -> {
        buf[len++] = (byte) (m | 24);
        buf[len++] = (byte) arg;
      }
      case 3 -> {
        buf[len++] = (byte) (m | 25);
        buf[len++] = (byte) (arg >>> 8);
        buf[len++] = (byte) arg;
      }
      case 5 -> {
        buf[len++] = (byte) (m | 26);
        putInt((int) arg);
      }
      default -> {
        buf[len++] = (byte) (m | 27);
        putLong(arg);
      }
    }
  }

  private void putInt(int v) {
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
