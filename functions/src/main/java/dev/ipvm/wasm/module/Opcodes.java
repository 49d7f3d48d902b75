package dev.ipvm.wasm.module;

/**
 * Opcode numbers the decoder and the fuel meter refer to. Single-byte opcodes are their byte;
 * 0xFC-prefixed ones are {@code 0xFC00 | subopcode} (see {@link #misc(int)}).
 */
final class Opcodes {
  static final int UNREACHABLE = 0x00;
  static final int BLOCK = 0x02;
  static final int LOOP = 0x03;
  static final int IF = 0x04;
  static final int ELSE = 0x05;
  static final int END = 0x0B;
  static final int BR = 0x0C;
  static final int BR_IF = 0x0D;
  static final int BR_TABLE = 0x0E;
  static final int RETURN = 0x0F;
  static final int CALL = 0x10;
  static final int CALL_INDIRECT = 0x11;
  static final int LOCAL_GET = 0x20;
  static final int LOCAL_SET = 0x21;
  static final int LOCAL_TEE = 0x22;
  static final int GLOBAL_GET = 0x23;
  static final int GLOBAL_SET = 0x24;
  static final int I64_CONST = 0x42;
  static final int I64_LT_S = 0x53;
  static final int I64_SUB = 0x7D;

  static final int PREFIX_GC = 0xFB;
  static final int PREFIX_MISC = 0xFC;
  static final int PREFIX_SIMD = 0xFD;
  static final int PREFIX_ATOMIC = 0xFE;

  private Opcodes() {}

  /** The code of a 0xFC-prefixed instruction. */
  static int misc(int sub) {
    return (PREFIX_MISC << 8) | sub;
  }
}
