package dev.ipvm.wasm.module;

import java.util.Arrays;

/** A growable byte buffer with the LEB128 encodings the module format uses. */
final class WasmWriter {
  private byte[] buf;
  private int size;

  WasmWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  WasmWriter u8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  /** Unsigned LEB128 of a value in [0, 2^32). */
  WasmWriter u32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("not a u32: " + v);
    }
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      u8(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  /** Signed LEB128 of a 64-bit value. */
  WasmWriter s64(long v) {
    while (true) {
      int b = (int) (v & 0x7F);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      u8(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  WasmWriter bytes(byte[] src, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(src, from, buf, size, n);
    size += n;
    return this;
  }

  WasmWriter bytes(WasmWriter other) {
    return bytes(other.buf, 0, other.size);
  }

  /** A length-prefixed UTF-8 name. */
  WasmWriter name(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    u32(b.length);
    return bytes(b, 0, b.length);
  }

  /** A section: id, LEB128 payload size, payload. */
  WasmWriter section(int id, WasmWriter payload) {
    u8(id);
    u32(payload.size);
    return bytes(payload);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
