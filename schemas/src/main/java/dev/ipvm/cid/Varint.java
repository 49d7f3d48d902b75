package dev.ipvm.cid;

/**
 * Unsigned LEB128 varints as multiformats uses them: at most 9 bytes (63 bits), and the
 * minimal encoding only, so every number has exactly one byte form.
 */
public final class Varint {
  public static final int MAX_BYTES = 9;

  private Varint() {}

  public static int size(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Writes {@code value} at {@code off}; returns the offset after it. */
  public static int write(long value, byte[] dst, int off) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    while ((value & ~0x7FL) != 0) {
      dst[off++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    dst[off++] = (byte) value;
    return off;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /**
   * Reads a varint at {@code off}. Returns the value; the number of bytes read is
   * {@code size(value)} because only minimal encodings are accepted.
   *
   * @throws CidFormatException when truncated, longer than 9 bytes or not minimal
   */
  public static long read(byte[] src, int off, int end) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (off + i >= end) {
        throw new CidFormatException("truncated varint at byte " + (off + i));
      }
      int b = src[off + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new CidFormatException("varint at byte " + off + " is not minimally encoded");
        }
        return value;
      }
    }
    throw new CidFormatException("varint at byte " + off + " is longer than " + MAX_BYTES + " bytes");
  }
}
