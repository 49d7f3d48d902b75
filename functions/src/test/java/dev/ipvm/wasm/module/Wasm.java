package dev.ipvm.wasm.module;

import java.io.ByteArrayOutputStream;

/** Builds small binary modules by hand, for features wat2wasm here does not enable. */
final class Wasm {
  private Wasm() {}

  static byte[] module(byte[]... sections) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
    for (byte[] s : sections) {
      out.writeBytes(s);
    }
    return out.toByteArray();
  }

  static byte[] section(int id, int... payload) {
    byte[] b = new byte[payload.length + 2];
    b[0] = (byte) id;
    b[1] = (byte) payload.length; // tests keep sections under 128 bytes
    for (int i = 0; i < payload.length; i++) {
      b[i + 2] = (byte) payload[i];
    }
    return b;
  }

  /** One type () -> (). */
  static byte[] voidType() {
    return section(1, 1, 0x60, 0, 0);
  }

  /** One function of type 0. */
  static byte[] oneFunction() {
    return section(3, 1, 0);
  }

  /** A code section with one body without locals, made of the given instructions. */
  static byte[] code(int... instructions) {
    int[] payload = new int[instructions.length + 3];
    payload[0] = 1; // one body
    payload[1] = instructions.length + 1; // body size: locals count + instructions
    payload[2] = 0; // no locals
    System.arraycopy(instructions, 0, payload, 3, instructions.length);
    return section(10, payload);
  }

  /** A module with one () -> () function with the given instructions (ending with 0x0B). */
  static byte[] function(int... instructions) {
    return module(voidType(), oneFunction(), code(instructions));
  }

  /** Like {@link #function} with a memory section declared by the given limits bytes. */
  static byte[] functionWithMemory(int[] limits, int... instructions) {
    int[] mem = new int[limits.length + 1];
    mem[0] = 1;
    System.arraycopy(limits, 0, mem, 1, limits.length);
    return module(voidType(), oneFunction(), section(5, mem), code(instructions));
  }
}
