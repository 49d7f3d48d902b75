package dev.ipvm.wasm;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.component.AbiError;
import dev.ipvm.wasm.component.CanonicalCall;
import dev.ipvm.wasm.component.WitFunction;
import dev.ipvm.wasm.component.WorldExports;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How IPLD params go in and results come out (documented for users in schemas/abi.md).
 *
 * <ul>
 *   <li><b>Numeric</b>: each param is an IPLD int or float for an i32, i64, f32 or f64
 *       parameter; the results come back as ints and floats (one value, a list for several,
 *       null for none).
 *   <li><b>Bytes</b>: the module exports {@code memory} and {@code alloc(len: i32) -> i32}, and
 *       the function is {@code (ptr: i32, len: i32) -> i64}. The host writes the DAG-CBOR of the
 *       whole params list at {@code alloc(len)}, calls the function, and reads the DAG-CBOR of the
 *       result at {@code ptr = r >>> 32}, {@code len = r & 0xffffffff}.
 * </ul>
 * A function whose signature fits both is called with the bytes ABI when the module exports
 * {@code alloc} and {@code memory}; a task can choose explicitly with {@link Choice}.
 *
 * <p>Under {@link Choice#AUTO}, an export the module describes in a {@code component-type}
 * section (a wit-bindgen module, as Homestar's are) is called through the component model's
 * canonical ABI instead ({@link CanonicalCall}).
 */
public final class Abi {
  /** Which calling convention to use. */
  public enum Choice { AUTO, NUMERIC, BYTES }


  private Abi() {}

  static Ipld call(Instance instance, WorldExports world, String fun, List<Ipld> params, Choice choice, Limits limits) {
    WitFunction wit = choice == Choice.AUTO ? world.find(fun) : null;
    if (wit != null) {
      // the module describes this export in WIT: the component model's canonical ABI
      return CanonicalCall.call(instance, wit, params, limits.outputBytes());
    }
    FunctionType type = functionType(instance, fun);
    boolean bytes = switch (choice) {
      case NUMERIC -> false;
      case BYTES -> true;
      case AUTO -> isBytesShape(type) && exportsAllocAndMemory(instance);
    };
    return bytes ? callBytes(instance, fun, type, params, limits) : callNumeric(instance, fun, type, params);
  }

  /** The runtime's error for a canonical ABI failure: the module's fault is an AbiViolation. */
  static WasmError error(AbiError e) {
    return switch (e) {
      case BAD_PARAMS -> WasmError.BAD_PARAMS;
      case BAD_RESULT -> WasmError.BAD_RESULT;
      case OUTPUT_TOO_LARGE -> WasmError.OUTPUT_TOO_LARGE;
      default -> WasmError.ABI_VIOLATION;
    };
  }

  /** The function type of export {@code fun}, or NoSuchFunction naming what is exported. */
  static FunctionType functionType(Instance instance, String fun) {
    ExportSection exports = instance.module().exportSection();
    List<String> functions = new ArrayList<>();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      if (e.exportType() == ExternalType.FUNCTION) {
        if (e.name().equals(fun)) {
          return instance.type(instance.functionType(e.index()));
        }
        functions.add(e.name());
      }
    }
    throw new RunException(WasmError.NO_SUCH_FUNCTION,
        "the module exports no function '" + fun + "' (it exports " + functions + ")");
  }

  private static boolean isBytesShape(FunctionType t) {
    return t.params().equals(List.of(ValType.I32, ValType.I32)) && t.returns().equals(List.of(ValType.I64));
  }

  private static boolean exportsAllocAndMemory(Instance instance) {
    ExportSection exports = instance.module().exportSection();
    boolean alloc = false;
    boolean memory = false;
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      alloc |= e.name().equals("alloc") && e.exportType() == ExternalType.FUNCTION;
      memory |= e.name().equals("memory") && e.exportType() == ExternalType.MEMORY;
    }
    return alloc && memory;
  }

  private static Ipld callNumeric(Instance instance, String fun, FunctionType type, List<Ipld> params) {
    List<ValType> want = type.params();
    if (params.size() != want.size()) {
      throw badParams("'" + fun + "' takes " + want.size() + " params " + names(want) + ", got " + params.size());
    }
    long[] args = new long[want.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = toWasm(want.get(i), params.get(i), i);
    }
    long[] results = instance.export(fun).apply(args);
    List<ValType> got = type.returns();
    if (got.isEmpty()) {
      return null;
    }
    List<Ipld> out = new ArrayList<>(got.size());
    for (int i = 0; i < got.size(); i++) {
      out.add(fromWasm(got.get(i), results[i]));
    }
    return out.size() == 1 ? out.get(0) : new Ipld.List(out);
  }

  private static Ipld callBytes(Instance instance, String fun, FunctionType type, List<Ipld> params, Limits limits) {
    if (!isBytesShape(type)) {
      throw badParams("'" + fun + "' is not (i32, i32) -> i64, so it cannot take the bytes ABI");
    }
    if (!exportsAllocAndMemory(instance)) {
      throw badParams("the bytes ABI needs the module to export 'memory' and 'alloc'");
    }
    byte[] input = DagCbor.encode(new Ipld.List(params));
    ExportFunction alloc = instance.export("alloc");
    int ptr = (int) alloc.apply(input.length)[0];
    Memory memory = instance.memory();
    memory.write(ptr, input);
    long packed = instance.export(fun).apply(ptr, input.length)[0];
    int outPtr = (int) (packed >>> 32);
    long outLen = packed & 0xFFFFFFFFL;
    if (outLen > limits.outputBytes()) {
      throw new RunException(WasmError.OUTPUT_TOO_LARGE,
          "the result is " + outLen + " bytes, above the limit of " + limits.outputBytes());
    }
    if (Integer.toUnsignedLong(outPtr) + outLen > (long) memory.pages() * Limits.PAGE) {
      throw new RunException(WasmError.BAD_RESULT, "the result (" + Integer.toUnsignedString(outPtr)
          + ", " + outLen + " bytes) lies outside the module's memory");
    }
    byte[] output = memory.readBytes(outPtr, (int) outLen);
    try {
      return DagCbor.decode(output);
    } catch (IllegalArgumentException e) {
      throw new RunException(WasmError.BAD_RESULT, "the result is not strict DAG-CBOR: " + e.getMessage());
    }
  }

  static long toWasm(ValType type, Ipld value, int index) {
    if (type.equals(ValType.I32) || type.equals(ValType.I64)) {
      if (!(value instanceof Ipld.Int i)) {
        throw badParams("param " + index + " must be an integer for " + name(type) + ", got " + kind(value));
      }
      int bits = type.equals(ValType.I32) ? 32 : 64;
      if (i.fitsLong() && (bits == 64 || (i.longValue() >= Integer.MIN_VALUE && i.longValue() <= 0xFFFFFFFFL))) {
        return bits == 32 ? (long) (int) i.longValue() : i.longValue();
      }
      BigInteger v = i.bigValue();
      // signed or unsigned readings of the same bits are both accepted: -1 and 2^32-1 are one i32
      if (v.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) < 0 || v.compareTo(BigInteger.ONE.shiftLeft(bits)) >= 0) {
        throw badParams("param " + index + " = " + v + " does not fit " + name(type));
      }
      return bits == 32 ? (long) v.intValue() : v.longValue();
    }
    if (type.equals(ValType.F32) || type.equals(ValType.F64)) {
      double d;
      if (value instanceof Ipld.Float f) {
        d = f.value();
      } else if (value instanceof Ipld.Int i && i.fitsLong() && Math.abs(i.longValue()) <= (1L << 53)) {
        d = i.longValue();
      } else {
        throw badParams("param " + index + " must be a number for " + name(type) + ", got " + kind(value));
      }
      return type.equals(ValType.F32) ? Float.floatToRawIntBits((float) d) : Double.doubleToRawLongBits(d);
    }
    throw badParams("param " + index + " has Wasm type " + name(type) + ", which the numeric ABI cannot pass");
  }

  static Ipld fromWasm(ValType type, long raw) {
    if (type.equals(ValType.I32)) {
      return Ipld.integer((int) raw);
    }
    if (type.equals(ValType.I64)) {
      return Ipld.integer(raw);
    }
    double d = type.equals(ValType.F32) ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    if (type.equals(ValType.F32) || type.equals(ValType.F64)) {
      if (!Double.isFinite(d)) {
        throw new RunException(WasmError.BAD_RESULT, "the result " + d + " has no IPLD form (floats must be finite)");
      }
      return new Ipld.Float(d);
    }
    throw new RunException(WasmError.BAD_RESULT, "the result has Wasm type " + name(type) + ", which has no IPLD form");
  }

  private static RunException badParams(String message) {
    return new RunException(WasmError.BAD_PARAMS, message);
  }

  private static String kind(Ipld v) {
    return v.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String name(ValType t) {
    return t.toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String names(List<ValType> ts) {
    return ts.stream().map(Abi::name).toList().toString();
  }
}
