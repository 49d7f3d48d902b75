package dev.ipvm.wasm.module;

/** Decodes value types, reference types, block types and limits, rejecting forbidden ones. */
final class ValueTypes {
  static final int I32 = 0x7F;
  static final int I64 = 0x7E;
  static final int F32 = 0x7D;
  static final int F64 = 0x7C;
  static final int V128 = 0x7B;
  static final int FUNCREF = 0x70;
  static final int EXTERNREF = 0x6F;
  static final int EMPTY_BLOCK = 0x40;

  private ValueTypes() {}

  /** Reads one value type. */
  static int valueType(WasmReader in) {
    int at = in.position();
    int t = in.u8();
    switch (t) {
      case I32, I64, F32, F64, FUNCREF, EXTERNREF:
        return t;
      case V128:
        throw in.forbiddenAt(at, ForbiddenFeature.SIMD, "value type v128");
      default:
        throw unsupported(in, at, t);
    }
  }

  /** Reads a reference type (funcref or externref). */
  static int referenceType(WasmReader in) {
    int at = in.position();
    int t = in.u8();
    if (t == FUNCREF || t == EXTERNREF) {
      return t;
    }
    throw unsupported(in, at, t);
  }

  private static ModuleException unsupported(WasmReader in, int at, int t) {
    if (t == 0x69) {
      return in.forbiddenAt(at, ForbiddenFeature.EXCEPTION_HANDLING, "value type exnref");
    }
    if (t == 0x63 || t == 0x64 || (t >= 0x6A && t <= 0x6E) || (t >= 0x71 && t <= 0x74)) {
      return in.forbiddenAt(at, ForbiddenFeature.GC, String.format("value type 0x%02X", t));
    }
    return in.invalidAt(at, String.format("unknown value type 0x%02X", t));
  }

  /** Reads a block type: 0x40 (empty), a single value type, or a type index (s33 >= 0). */
  static void blockType(WasmReader in) {
    int b = in.peek();
    if (b == EMPTY_BLOCK) {
      in.u8();
    } else if ((b & 0xC0) == 0x40) {
      // a single-byte negative s33: a value type code
      valueType(in);
    } else {
      int at = in.position();
      if (in.s33() < 0) {
        throw in.invalidAt(at, "invalid block type");
      }
    }
  }

  /** Reads a function type (0x60 params results). */
  static int functionType(WasmReader in) {
    int at = in.position();
    int form = in.u8();
    if (form != 0x60) {
      if (form == 0x4E || form == 0x4F || form == 0x50 || form == 0x5E || form == 0x5F) {
        throw in.forbiddenAt(at, ForbiddenFeature.GC, String.format("type form 0x%02X", form));
      }
      throw in.invalidAt(at, String.format("unknown type form 0x%02X (expected 0x60)", form));
    }
    int params = in.index();
    for (int i = 0; i < params; i++) {
      valueType(in);
    }
    int results = in.index();
    for (int i = 0; i < results; i++) {
      valueType(in);
    }
    return params;
  }

  /** Reads memory limits; shared and 64-bit memories are forbidden. */
  static void memoryLimits(WasmReader in) {
    int at = in.position();
    int flags = in.u8();
    if ((flags & 0x02) != 0 && flags <= 0x07) {
      throw in.forbiddenAt(at, ForbiddenFeature.SHARED_MEMORY, "memory limits flags 0x0" + flags);
    }
    if ((flags & 0x04) != 0 && flags <= 0x07) {
      throw in.forbiddenAt(at, ForbiddenFeature.MEMORY64, "memory limits flags 0x0" + flags);
    }
    limitsBody(in, at, flags);
  }

  /** Reads table limits; 64-bit tables are forbidden. */
  static void tableLimits(WasmReader in) {
    int at = in.position();
    int flags = in.u8();
    if ((flags == 0x04 || flags == 0x05)) {
      throw in.forbiddenAt(at, ForbiddenFeature.MEMORY64, "table limits flags 0x0" + flags);
    }
    limitsBody(in, at, flags);
  }

  private static void limitsBody(WasmReader in, int at, int flags) {
    if (flags != 0x00 && flags != 0x01) {
      throw in.invalidAt(at, String.format("unknown limits flags 0x%02X", flags));
    }
    in.u32();
    if (flags == 0x01) {
      in.u32();
    }
  }

  /** Reads a table type: reference type then limits. */
  static void tableType(WasmReader in) {
    int at = in.position();
    if (in.peek() == 0x40) {
      throw in.forbiddenAt(at, ForbiddenFeature.GC, "table with an initializer expression");
    }
    referenceType(in);
    tableLimits(in);
  }

  /** Reads a global type: value type then mutability (0 or 1). */
  static void globalType(WasmReader in) {
    valueType(in);
    int at = in.position();
    int mut = in.u8();
    if (mut == 0x02 || mut == 0x03) {
      throw in.forbiddenAt(at, ForbiddenFeature.THREADS, "shared global");
    }
    if (mut > 1) {
      throw in.invalidAt(at, String.format("unknown global mutability 0x%02X", mut));
    }
  }
}
