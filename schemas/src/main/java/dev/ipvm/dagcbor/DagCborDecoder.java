package dev.ipvm.dagcbor;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.CidFormatException;
import dev.ipvm.ipld.Ipld;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * A strict DAG-CBOR decoder: exactly one data item, every rule of the DAG-CBOR spec
 * checked, and each rejection reported with its {@link Rule} and byte offset.
 *
 * <p>It reads the bytes itself rather than through a general CBOR parser because strictness
 * lives in what such parsers normalise away: the width an integer or float was written in,
 * whether a length was indefinite, and where each head started.
 */
public final class DagCborDecoder {
  /** Default bound on nesting, so hostile input cannot exhaust the stack. */
  public static final int DEFAULT_MAX_DEPTH = 256;

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private final byte[] in;
  private final int end;
  private final int maxDepth;
  private int pos;
  private CharsetDecoder utf8;

  private DagCborDecoder(byte[] in, int off, int end, int maxDepth) {
    this.in = in;
    this.pos = off;
    this.end = end;
    this.maxDepth = maxDepth;
  }

  public static Ipld decode(byte[] bytes) {
    return decode(bytes, DEFAULT_MAX_DEPTH);
  }

  public static Ipld decode(byte[] bytes, int maxDepth) {
    DagCborDecoder d = new DagCborDecoder(bytes, 0, bytes.length, maxDepth);
    if (bytes.length == 0) {
      throw new DagCborException(Rule.EMPTY_INPUT, 0, null);
    }
    Ipld value = d.readItem(0);
    if (d.pos != d.end) {
      throw new DagCborException(Rule.TRAILING_BYTES, d.pos, (d.end - d.pos) + " extra bytes");
    }
    return value;
  }

  private Ipld readItem(int depth) {
    int start = pos;
    int initial = u8();
    int major = initial >>> 5;
    int info = initial & 0x1F;
    switch (major) {
      case 0: {
        long n = argument(start, info);
        return n >= 0 ? Ipld.Int.of(n) : Ipld.Int.of(unsigned(n));
      }
      case 1: {
        long n = argument(start, info);
        // value is -1 - n, with n read as unsigned 64-bit
        return n >= 0 ? Ipld.Int.of(-1 - n) : Ipld.Int.of(unsigned(n).add(BigInteger.ONE).negate());
      }
      case 2:
        return Ipld.Bytes.wrap(readBytes(length(start, info)));
      case 3:
        return new Ipld.Text(readText(start, length(start, info)));
      case 4:
        return readList(start, length(start, info), depth);
      case 5:
        return readMap(start, length(start, info), depth);
      case 6:
        return readTag(start, info);
      default:
        return readSimple(start, info);
    }
  }

  private Ipld readList(int start, int count, int depth) {
    enter(start, depth);
    ArrayList<Ipld> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(readItem(depth + 1));
    }
    return new Ipld.List(items);
  }

  private Ipld readMap(int start, int count, int depth) {
    enter(start, depth);
    if (count > (end - pos) / 2) {
      throw new DagCborException(Rule.TOO_LARGE, start, "map of " + count + " entries");
    }
    String[] keys = new String[count];
    Ipld[] values = new Ipld[count];
    int prevKeyStart = -1;
    int prevKeyLen = 0;
    for (int i = 0; i < count; i++) {
      int keyHead = pos;
      int initial = u8();
      if (initial >>> 5 != 3) {
        throw new DagCborException(Rule.NON_STRING_KEY, keyHead, "major type " + (initial >>> 5));
      }
      int len = length(keyHead, initial & 0x1F);
      int keyStart = pos;
      String key = readText(keyHead, len);
      if (prevKeyStart >= 0) {
        int cmp = prevKeyLen != len ? Integer.compare(prevKeyLen, len)
            : Arrays.compareUnsigned(in, prevKeyStart, prevKeyStart + prevKeyLen, in, keyStart, keyStart + len);
        if (cmp == 0) {
          throw new DagCborException(Rule.DUPLICATE_KEY, keyHead, "\"" + key + "\"");
        }
        if (cmp > 0) {
          throw new DagCborException(Rule.KEY_ORDER, keyHead, "\"" + key + "\" after \""
              + new String(in, prevKeyStart, prevKeyLen, StandardCharsets.UTF_8) + "\"");
        }
      }
      prevKeyStart = keyStart;
      prevKeyLen = len;
      keys[i] = key;
      values[i] = readItem(depth + 1);
    }
    return Ipld.Map.ofCanonical(keys, values);
  }

  private Ipld readTag(int start, int info) {
    long tag = argument(start, info);
    if (tag != 42) {
      throw new DagCborException(Rule.FORBIDDEN_TAG, start, "tag " + Long.toUnsignedString(tag));
    }
    int head = pos;
    int initial = u8();
    if (initial >>> 5 != 2) {
      throw new DagCborException(Rule.BAD_CID, head, "tag 42 content has major type " + (initial >>> 5));
    }
    int len = length(head, initial & 0x1F);
    int body = pos;
    byte[] bytes = readBytes(len);
    if (len == 0 || bytes[0] != 0) {
      throw new DagCborException(Rule.BAD_CID, body, "missing the 0x00 multibase prefix");
    }
    try {
      return new Ipld.Link(Cid.decode(bytes, 1, bytes.length));
    } catch (CidFormatException e) {
      throw new DagCborException(Rule.BAD_CID, body + 1, e.getMessage());
    }
  }

  private Ipld readSimple(int start, int info) {
    switch (info) {
      case 20:
        return Ipld.FALSE;
      case 21:
        return Ipld.TRUE;
      case 22:
        return Ipld.NULL;
      case 25:
      case 26:
        throw new DagCborException(Rule.FLOAT_NOT_64_BIT, start, (info == 25 ? 16 : 32) + "-bit float");
      case 27: {
        need(start, 8);
        double d = Double.longBitsToDouble(readLong());
        if (!Double.isFinite(d)) {
          throw new DagCborException(Rule.FLOAT_NOT_FINITE, start, Double.toString(d));
        }
        return new Ipld.Float(d);
      }
      case 31:
        throw new DagCborException(Rule.INDEFINITE_LENGTH, start, "break code");
      case 28:
      case 29:
      case 30:
        throw new DagCborException(Rule.RESERVED_ADDITIONAL_INFO, start, "additional info " + info);
      default:
        throw new DagCborException(Rule.FORBIDDEN_SIMPLE_VALUE, start,
            "simple value " + (info == 24 ? "in the next byte" : Integer.toString(info)));
    }
  }

  /** The head's argument as an unsigned 64-bit value in a long, checked for shortest form. */
  private long argument(int start, int info) {
    if (info < 24) {
      return info;
    }
    long v;
    long min;
    switch (info) {
      case 24:
        need(start, 1);
        v = u8();
        min = 24;
        break;
      case 25:
        need(start, 2);
        v = (u8() << 8) | u8();
        min = 0x100;
        break;
      case 26:
        need(start, 4);
        v = readInt() & 0xFFFFFFFFL;
        min = 0x10000;
        break;
      case 27:
        need(start, 8);
        v = readLong();
        min = 0x100000000L;
        break;
      case 31:
        throw new DagCborException(Rule.INDEFINITE_LENGTH, start, null);
      default:
        throw new DagCborException(Rule.RESERVED_ADDITIONAL_INFO, start, "additional info " + info);
    }
    if (Long.compareUnsigned(v, min) < 0) {
      throw new DagCborException(Rule.NON_CANONICAL_INTEGER, start,
          Long.toUnsignedString(v) + " written in " + (1 << (info - 24)) + " bytes");
    }
    return v;
  }

  /** A length argument, bounded by what remains of the input. */
  private int length(int start, int info) {
    long n = argument(start, info);
    if (n < 0 || n > end - pos) {
      throw new DagCborException(Rule.TOO_LARGE, start,
          "declares " + Long.toUnsignedString(n) + ", " + (end - pos) + " bytes remain");
    }
    return (int) n;
  }

  private byte[] readBytes(int len) {
    byte[] out = Arrays.copyOfRange(in, pos, pos + len);
    pos += len;
    return out;
  }

  private String readText(int start, int len) {
    int from = pos;
    pos += len;
    boolean ascii = true;
    for (int i = from; i < from + len; i++) {
      if (in[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(in, from, len, StandardCharsets.ISO_8859_1);
    }
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(in, from, len)).toString();
    } catch (CharacterCodingException e) {
      throw new DagCborException(Rule.INVALID_UTF8, start, e.toString());
    }
  }

  private void enter(int start, int depth) {
    if (depth >= maxDepth) {
      throw new DagCborException(Rule.TOO_DEEP, start, "limit " + maxDepth);
    }
  }

  private int u8() {
    if (pos >= end) {
      throw new DagCborException(Rule.TRUNCATED, pos, null);
    }
    return in[pos++] & 0xFF;
  }

  private void need(int start, int n) {
    if (end - pos < n) {
      throw new DagCborException(Rule.TRUNCATED, start, "head needs " + n + " more bytes");
    }
  }

  private int readInt() {
    int v = ((in[pos] & 0xFF) << 24) | ((in[pos + 1] & 0xFF) << 16) | ((in[pos + 2] & 0xFF) << 8)
        | (in[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  private long readLong() {
    long hi = readInt() & 0xFFFFFFFFL;
    long lo = readInt() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  private static BigInteger unsigned(long n) {
    return BigInteger.valueOf(n).add(TWO_64);
  }
}
