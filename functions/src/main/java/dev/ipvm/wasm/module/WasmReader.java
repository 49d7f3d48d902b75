package dev.ipvm.wasm.module;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a range of a module's bytes: bytes, LEB128 integers and names, with errors that
 * say where they happened ({@link #where(String)} sets the context, e.g. "code section, function
 * 3").
 */
final class WasmReader {
  private final byte[] bytes;
  private final int limit;
  private int pos;
  private String where;

  WasmReader(byte[] bytes, int start, int limit, String where) {
    this.bytes = bytes;
    this.pos = start;
    this.limit = limit;
    this.where = where;
  }

  byte[] bytes() {
    return bytes;
  }

  int position() {
    return pos;
  }

  int limit() {
    return limit;
  }

  boolean atEnd() {
    return pos >= limit;
  }

  String where() {
    return where;
  }

  void where(String where) {
    this.where = where;
  }

  int u8() {
    if (pos >= limit) {
      throw invalidAt(pos, "unexpected end");
    }
    return bytes[pos++] & 0xFF;
  }

  int peek() {
    if (pos >= limit) {
      throw invalidAt(pos, "unexpected end");
    }
    return bytes[pos] & 0xFF;
  }

  void skip(long n) {
    if (n < 0 || n > limit - pos) {
      throw invalidAt(pos, "unexpected end (" + n + " bytes needed, " + (limit - pos) + " left)");
    }
    pos += (int) n;
  }

  /** An unsigned 32-bit LEB128 value, as a long in [0, 2^32). */
  long u32() {
    int start = pos;
    long result = 0;
    for (int i = 0; ; i++) {
      int b = u8();
      if (i == 4 && (b & 0xF0) != 0) {
        throw invalidAt(start, "integer representation too long or too large (u32)");
      }
      result |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return result;
      }
    }
  }

  /** An unsigned 32-bit LEB128 count or index that must fit in an int. */
  int index() {
    int start = pos;
    long v = u32();
    if (v > Integer.MAX_VALUE) {
      throw invalidAt(start, "value " + v + " is too large");
    }
    return (int) v;
  }

  long s32() {
    return signed(32);
  }

  long s33() {
    return signed(33);
  }

  long s64() {
    return signed(64);
  }

  private long signed(int bits) {
    int start = pos;
    int maxBytes = (bits + 6) / 7;
    long result = 0;
    int shift = 0;
    int b;
    int i = 0;
    do {
      b = u8();
      i++;
      if (i == maxBytes && (b & 0x80) != 0) {
        throw invalidAt(start, "integer representation too long (s" + bits + ")");
      }
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (i == maxBytes) {
      int used = bits - 7 * (maxBytes - 1);
      int rest = (b >> (used - 1)) & ((1 << (8 - used)) - 1);
      if (rest != 0 && rest != (1 << (8 - used)) - 1) {
        throw invalidAt(start, "integer too large (s" + bits + ")");
      }
    }
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  /** A length-prefixed UTF-8 name. */
  String name() {
    int len = index();
    int start = pos;
    skip(len);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalidAt(start, "name is not valid UTF-8");
    }
  }

  /** Skips a length-prefixed name without decoding it. */
  void skipName() {
    skip(index());
  }

  /** Fails unless the cursor is exactly at the end of its range. */
  void expectEnd(String what) {
    if (pos != limit) {
      throw invalidAt(pos, what + ": " + (limit - pos) + " unexpected bytes before its end");
    }
  }

  ModuleException invalidAt(int offset, String what) {
    return ModuleException.invalid(what, where, offset);
  }

  ModuleException forbiddenAt(int offset, ForbiddenFeature feature, String detail) {
    return ModuleException.forbidden(feature, detail, where, offset);
  }
}
