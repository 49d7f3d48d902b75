package dev.ipvm.unixfs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few protobuf wire-format pieces dag-pb and UnixFS need: varint fields (wire type 0)
 * and length-delimited fields (wire type 2). Nothing else is read or written.
 */
final class Protobuf {
  private Protobuf() {}

  static final int VARINT = 0;
  static final int LENGTH_DELIMITED = 2;

  /** Appends fields in the order they are written. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer varintField(int field, long value) {
      varint(((long) field << 3) | VARINT);
      varint(value);
      return this;
    }

    Writer bytesField(int field, byte[] value) {
      varint(((long) field << 3) | LENGTH_DELIMITED);
      varint(value.length);
      out.writeBytes(value);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }

  /** Reads fields strictly: a truncated or over-long value is an error. */
  static final class Reader {
    private final byte[] src;
    private int pos;
    private final int end;
    private final String what;
    private int field;
    private int wireType;

    Reader(byte[] src, String what) {
      this(src, 0, src.length, what);
    }

    Reader(byte[] src, int off, int end, String what) {
      this.src = src;
      this.pos = off;
      this.end = end;
      this.what = what;
    }

    boolean hasNext() {
      return pos < end;
    }

    /** Reads the next tag; {@link #field()} and {@link #wireType()} then describe it. */
    void next() {
      long tag = varint();
      if (tag >>> 3 == 0 || tag >>> 3 > Integer.MAX_VALUE) {
        throw error("bad field number " + (tag >>> 3));
      }
      field = (int) (tag >>> 3);
      wireType = (int) (tag & 7);
    }

    int field() {
      return field;
    }

    int wireType() {
      return wireType;
    }

    long readVarint() {
      expect(VARINT);
      return varint();
    }

    byte[] readBytes() {
      expect(LENGTH_DELIMITED);
      long len = varint();
      if (len > end - pos) {
        throw error("field " + field + " claims " + len + " bytes but " + (end - pos) + " remain");
      }
      byte[] value = Arrays.copyOfRange(src, pos, pos + (int) len);
      pos += (int) len;
      return value;
    }

    UnixFsException unexpected() {
      return error("unexpected field " + field + " (wire type " + wireType + ")");
    }

    UnixFsException error(String message) {
      return new UnixFsException(what + ": " + message);
    }

    private void expect(int type) {
      if (wireType != type) {
        throw error("field " + field + " has wire type " + wireType + ", expected " + type);
      }
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw error("truncated varint");
        }
        int b = src[pos++] & 0xFF;
        if (shift == 63 && b > 1) {
          throw error("varint overflows 64 bits");
        }
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          if (b == 0 && shift > 0) {
            throw error("varint is not minimally encoded");
          }
          return value;
        }
      }
      throw error("varint longer than 10 bytes");
    }
  }
}
