package dev.ipvm.wasm.component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the binary format's numbers and names from a slice of bytes, never past its end. */
final class SectionReader {
  private final byte[] bytes;
  private int pos;
  private final int end;

  SectionReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  boolean atEnd() {
    return pos >= end;
  }

  int position() {
    return pos;
  }

  int end() {
    return end;
  }

  int u8() {
    if (pos >= end) {
      throw fail(ComponentTypeError.TRUNCATED, "the section ends early");
    }
    return bytes[pos++] & 0xFF;
  }

  int peek() {
    if (pos >= end) {
      throw fail(ComponentTypeError.TRUNCATED, "the section ends early");
    }
    return bytes[pos] & 0xFF;
  }

  /** An unsigned LEB128 u32. */
  int u32() {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (result > 0xFFFFFFFFL) {
          throw fail(ComponentTypeError.BAD_NUMBER, "a u32 above 2^32-1");
        }
        if (result > Integer.MAX_VALUE) {
          throw fail(ComponentTypeError.TOO_LARGE, "a count or index of " + result);
        }
        return (int) result;
      }
    }
    throw fail(ComponentTypeError.BAD_NUMBER, "a u32 longer than 5 bytes");
  }

  /** A signed LEB128 s33 (a value type: negative for a type code, otherwise a type index). */
  long s33() {
    long result = 0;
    int shift = 0;
    int b;
    do {
      if (shift >= 35) {
        throw fail(ComponentTypeError.BAD_NUMBER, "an s33 longer than 5 bytes");
      }
      b = u8();
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if ((b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  /** A count of items each at least {@code minBytes} long, checked against the bytes left. */
  int count(int minBytes) {
    int n = u32();
    if ((long) n * minBytes > end - pos) {
      throw fail(ComponentTypeError.TRUNCATED, n + " items cannot fit in the " + (end - pos) + " bytes left");
    }
    return n;
  }

  String name() {
    int len = u32();
    if (len > end - pos) {
      throw fail(ComponentTypeError.TRUNCATED, "a name of " + len + " bytes with " + (end - pos) + " left");
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, pos, len)).toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw fail(ComponentTypeError.BAD_NAME, "a name that is not UTF-8");
    }
  }

  /** A sub-reader over the next {@code len} bytes, which this reader skips. */
  SectionReader slice(int len) {
    if (len > end - pos) {
      throw fail(ComponentTypeError.TRUNCATED, "a section of " + len + " bytes with " + (end - pos) + " left");
    }
    SectionReader r = new SectionReader(bytes, pos, pos + len);
    pos += len;
    return r;
  }

  ComponentTypeException fail(ComponentTypeError error, String message) {
    return new ComponentTypeException(error, message + " (at byte " + pos + ")");
  }
}
