package dev.ipvm.wasm.component;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * A module's linear memory as the canonical ABI uses it: every address and length the module
 * gives is checked (bounds and alignment) before it is read or written, and allocations go
 * through the module's {@code cabi_realloc}, whose answers are checked too.
 */
public final class GuestMemory {
  public static final String REALLOC = "cabi_realloc";
  private static final FunctionType REALLOC_TYPE = FunctionType.of(
      List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

  private final Instance instance;
  private Memory memory;

  public GuestMemory(Instance instance) {
    this.instance = instance;
  }

  private Memory memory() {
    if (memory == null) {
      if (!exports(instance, "memory", ExternalType.MEMORY)) {
        throw new AbiException(AbiError.MISSING_EXPORT, "the module exports no 'memory', which the canonical ABI needs here");
      }
      memory = instance.memory();
    }
    return memory;
  }

  /** Whether the instance exports {@code name} as {@code type}. */
  static boolean exports(Instance instance, String name, ExternalType type) {
    ExportSection exports = instance.module().exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      if (e.name().equals(name) && e.exportType() == type) {
        return true;
      }
    }
    return false;
  }

  /** Checks that {@code len} bytes at {@code ptr} (an unsigned i32) lie in memory, aligned to {@code align}. */
  public long check(long ptr, long len, int align, String what) {
    ptr &= 0xFFFFFFFFL;
    if (ptr % align != 0) {
      throw new AbiException(AbiError.MISALIGNED, what + " at " + ptr + " is not aligned to " + align + " bytes");
    }
    long size = (long) memory().pages() * 65_536L;
    if (len < 0 || ptr + len > size) {
      throw new AbiException(AbiError.OUT_OF_BOUNDS, what + " of " + len + " bytes at " + ptr
          + " is outside the module's memory of " + size + " bytes");
    }
    return ptr;
  }

  /** Allocates {@code size} bytes aligned to {@code align} with the module's cabi_realloc. */
  long allocate(int align, long size, String what) {
    if (size > Integer.MAX_VALUE) {
      throw new AbiException(AbiError.BAD_PARAMS, what + " needs " + size + " bytes, more than a module's memory can hold");
    }
    ExportFunction realloc = reallocFunction();
    long ptr = realloc.apply(0, 0, align, size)[0];
    return check(ptr, size, align, "the memory cabi_realloc gave for " + what);
  }

  private ExportFunction reallocFunction() {
    if (!exports(instance, REALLOC, ExternalType.FUNCTION)) {
      throw new AbiException(AbiError.MISSING_EXPORT, "the module exports no '" + REALLOC + "', which passing strings and lists needs");
    }
    FunctionType t = CanonicalCall.coreType(instance, REALLOC);
    if (!t.equals(REALLOC_TYPE)) {
      throw new AbiException(AbiError.SIGNATURE_MISMATCH, REALLOC + " is " + CanonicalCall.describe(t) + ", not (i32, i32, i32, i32) -> (i32)");
    }
    return instance.export(REALLOC);
  }

  public byte[] read(long ptr, int len) {
    return memory().readBytes((int) ptr, len);
  }

  void write(long ptr, byte[] bytes) {
    memory().write((int) ptr, bytes);
  }

  /** Reads an unsigned little-endian integer of 1, 2, 4 or 8 bytes (8 as a raw long). */
  long load(long ptr, int bytes) {
    Memory m = memory();
    return switch (bytes) {
      case 1 -> m.read((int) ptr) & 0xFFL;
      case 2 -> m.readShort((int) ptr) & 0xFFFFL;
      case 4 -> m.readInt((int) ptr) & 0xFFFFFFFFL;
      default -> m.readLong((int) ptr);
    };
  }

  /** Writes the low {@code bytes} bytes of {@code value}, little-endian. */
  void store(long ptr, int bytes, long value) {
    Memory m = memory();
    switch (bytes) {
      case 1 -> m.writeByte((int) ptr, (byte) value);
      case 2 -> m.writeShort((int) ptr, (short) value);
      case 4 -> m.writeI32((int) ptr, (int) value);
      default -> m.writeLong((int) ptr, value);
    }
  }

  /** Reads a (pointer, length) pair of a string or list at {@code ptr}. */
  long[] pointerAndLength(long ptr) {
    return new long[] {load(ptr, 4), load(ptr + 4, 4)};
  }
}
