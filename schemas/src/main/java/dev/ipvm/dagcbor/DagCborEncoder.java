package dev.ipvm.dagcbor;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The canonical DAG-CBOR encoder: shortest heads, 64-bit floats, map keys in canonical
 * order (already the iteration order of {@link Ipld.Map}), links as tag 42 over
 * {@code 0x00 + CID}. Equal values always give identical bytes.
 */
public final class DagCborEncoder {
  private byte[] buf;
  private int len;

  private DagCborEncoder(int capacity) {
    this.buf = new byte[capacity];
  }

  public static byte[] encode(Ipld value) {
    DagCborEncoder e = new DagCborEncoder(128);
    e.write(value);
    return Arrays.copyOf(e.buf, e.len);
  }

  private void write(Ipld value) {
    switch (value.kind()) {
      case NULL -> put(0xF6);
      case BOOL -> put(((Ipld.Bool) value).value() ? 0xF5 : 0xF4);
      case INT -> writeInt((Ipld.Int) value);
      case FLOAT -> {
        ensure(9);
        buf[len++] = (byte) 0xFB;
        putLong(Double.doubleToRawLongBits(((Ipld.Float) value).value()));
      }
      case STRING -> writeText(((Ipld.Text) value).value());
      case BYTES -> {
        Ipld.Bytes b = (Ipld.Bytes) value;
        head(2, b.length());
        ensure(b.length());
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
        for (Map.Entry<String, Ipld> e : m.entries().entrySet()) {
          writeText(e.getKey());
          write(e.getValue());
        }
      }
      case LINK -> writeLink(((Ipld.Link) value).cid());
    }
  }

  private void writeInt(Ipld.Int i) {
    if (i.fitsLong()) {
      long v = i.longValue();
      if (v >= 0) {
        head(0, v);
      } else {
        head(1, -1 - v);
      }
      return;
    }
    BigInteger big = i.bigValue();
    if (big.signum() > 0) {
      head(0, big.longValue()); // low 64 bits: the unsigned value
    } else {
      head(1, big.negate().subtract(BigInteger.ONE).longValue());
    }
  }

  private void writeText(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      head(3, n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[len++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    head(3, utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buf, len, utf8.length);
    len += utf8.length;
  }

  private void writeLink(Cid cid) {
    ensure(2);
    buf[len++] = (byte) 0xD8;
    buf[len++] = 42;
    head(2, cid.byteLength() + 1);
    ensure(cid.byteLength() + 1);
    buf[len++] = 0;
    cid.copyTo(buf, len);
    len += cid.byteLength();
  }

  /** A head with {@code arg} read as unsigned 64-bit, in its shortest form. */
  private void head(int major, long arg) {
    ensure(9);
    int m = major << 5;
    if (arg >= 0 && arg < 24) {
      buf[len++] = (byte) (m | arg);
    } else if (arg >= 0 && arg <= 0xFF) {
      buf[len++] = (byte) (m | 24);
      buf[len++] = (byte) arg;
    } else if (arg >= 0 && arg <= 0xFFFF) {
      buf[len++] = (byte) (m | 25);
      buf[len++] = (byte) (arg >>> 8);
      buf[len++] = (byte) arg;
    } else if (arg >= 0 && arg <= 0xFFFFFFFFL) {
      buf[len++] = (byte) (m | 26);
      putInt((int) arg);
    } else {
      buf[len++] = (byte) (m | 27);
      putLong(arg);
    }
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
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

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
