package dev.ipvm.wasm.component;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls an export of a core module through the canonical ABI: lowers the params (flat when they
 * flatten to at most 16 core values, otherwise stored in memory from cabi_realloc and passed by
 * address), calls the core function, lifts the result (flat when it is one core value, otherwise
 * from the return area whose address the function returns) and then calls
 * {@code cabi_post_<name>} when the module exports it, so the module can free what it returned.
 */
public final class CanonicalCall {
  /** MAX_FLAT_RESULTS of the canonical ABI. */
  static final int MAX_FLAT_RESULTS = 1;

  private CanonicalCall() {}

  /**
   * Runs {@code f} with {@code params}.
   *
   * @param outputBytes the most the lifted result may weigh (about its DAG-CBOR size)
   * @return the result as IPLD, or null for a function without one
   * @throws AbiException for params that do not fit, and for a module that breaks the ABI
   */
  public static Ipld call(Instance instance, WitFunction f, List<Ipld> params, long outputBytes) {
    if (f.unsupported() != null) {
      throw new AbiException(AbiError.BAD_PARAMS, "'" + f.name() + "' uses " + f.unsupported()
          + ", which the runtime cannot pass");
    }
    if (params.size() != f.params().size()) {
      throw new AbiException(AbiError.BAD_PARAMS, "'" + f.name() + "' takes " + f.params().size() + " params "
          + f.params().stream().map(WitFunction.Param::name).toList() + ", got " + params.size());
    }
    List<Layout> layouts = f.params().stream().map(p -> p.type().layout()).toList();
    List<FlatType> flatParams = Layout.flatten(layouts);
    boolean paramsInMemory = flatParams == null;
    Layout result = f.result() == null ? null : f.result().layout();
    boolean resultInMemory = result != null && (result.flat() == null || result.flat().size() > MAX_FLAT_RESULTS);

    FunctionType expected = FunctionType.of(
        paramsInMemory ? List.of(ValType.I32) : valTypes(flatParams),
        result == null ? List.of() : resultInMemory ? List.of(ValType.I32) : valTypes(result.flat()));
    FunctionType actual = coreType(instance, f.name());
    if (!actual.equals(expected)) {
      throw new AbiException(AbiError.SIGNATURE_MISMATCH, "the core function '" + f.name() + "' is "
          + describe(actual) + ", but its WIT signature " + f + " lowers to " + describe(expected));
    }

    GuestMemory memory = new GuestMemory(instance);
    Lower lower = new Lower(memory);
    long[] args;
    if (paramsInMemory) {
      Layout tuple = Layout.sequence(layouts);
      long ptr = memory.allocate(tuple.align(), tuple.size(), "the params");
      long offset = 0;
      for (int i = 0; i < params.size(); i++) {
        offset = Layout.alignTo(offset, layouts.get(i).align());
        lower.store(f.params().get(i).type(), params.get(i), ptr + offset, f.params().get(i).name());
        offset += layouts.get(i).size();
      }
      args = new long[] {ptr};
    } else {
      List<Long> flat = new ArrayList<>(flatParams.size());
      for (int i = 0; i < params.size(); i++) {
        lower.flat(f.params().get(i).type(), params.get(i), flat, f.params().get(i).name());
      }
      args = flat.stream().mapToLong(Long::longValue).toArray();
    }

    long[] raw = instance.export(f.name()).apply(args);
    Ipld value = null;
    if (result != null) {
      Lift lift = new Lift(memory, outputBytes);
      if (resultInMemory) {
        long ptr = memory.check(raw[0], result.size(), result.align(), "the return area");
        value = lift.load(f.result(), ptr);
      } else {
        long[] values = new long[result.flat().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = result.flat().get(i) == FlatType.I32 || result.flat().get(i) == FlatType.F32
              ? raw[i] & 0xFFFFFFFFL : raw[i];
        }
        value = lift.flat(f.result(), values, new int[1]);
      }
    }
    postReturn(instance, f.name(), actual.returns(), raw);
    return value;
  }

  /** Lets the module free what it returned, once the result is read. */
  private static void postReturn(Instance instance, String name, List<ValType> results, long[] raw) {
    String post = "cabi_post_" + name;
    if (!GuestMemory.exports(instance, post, ExternalType.FUNCTION)) {
      return;
    }
    FunctionType t = coreType(instance, post);
    if (!t.params().equals(results) || !t.returns().isEmpty()) {
      throw new AbiException(AbiError.SIGNATURE_MISMATCH, post + " is " + describe(t) + ", not "
          + describe(FunctionType.of(results, List.of())));
    }
    instance.export(post).apply(raw == null ? new long[0] : raw);
  }

  /** The core type of the exported function {@code name}, which must exist. */
  static FunctionType coreType(Instance instance, String name) {
    ExportSection exports = instance.module().exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
        return instance.type(instance.functionType(e.index()));
      }
    }
    throw new AbiException(AbiError.MISSING_EXPORT, "the module's component-type section describes '" + name
        + "', but the module exports no such function");
  }

  /** A core function type as WAT writes it, e.g. {@code (i32, i32) -> (i32)}. */
  public static String describe(FunctionType t) {
    return "(" + names(t.params()) + ") -> (" + names(t.returns()) + ")";
  }

  private static String names(List<ValType> types) {
    return String.join(", ", types.stream().map(v -> v.toString().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  private static List<ValType> valTypes(List<FlatType> flat) {
    List<ValType> out = new ArrayList<>(flat.size());
    for (FlatType t : flat) {
      out.add(switch (t) {
        case I32 -> ValType.I32;
        case I64 -> ValType.I64;
        case F32 -> ValType.F32;
        case F64 -> ValType.F64;
      });
    }
    return out;
  }
}
