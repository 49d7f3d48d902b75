package dev.ipvm.wasm.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.ipvm.wasm.component.AbiError;
import dev.ipvm.wasm.component.AbiException;
import dev.ipvm.wasm.component.CanonicalCall;
import dev.ipvm.wasm.component.GuestMemory;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The imports of Homestar's WIT ({@code homestar-wasm/wit}: {@code wasi:logging/logging} and
 * {@code homestar:host/helpers@0.1.1}) as core functions lowered by the canonical ABI.
 *
 * <ul>
 *   <li>{@code log(level: level, context: string, message: string)}: to the run's {@link GuestLog}.
 *   <li>{@code get-current-time() -> time}: Homestar answers the time since the run began; here
 *       that is virtual time, one nanosecond per unit of fuel used so far, so it is the same on
 *       every run and in both engines (a memoized result stays right).
 *   <li>{@code print(msg: string)}: to the run's log at info level, context "print".
 * </ul>
 */
public final class HomestarHost {
  public static final String LOGGING = "wasi:logging/logging";
  public static final String HELPERS = "homestar:host/helpers@0.1.1";

  private static final ValType I = ValType.I32;
  /** Each import's core type (its WIT signature flattened), by module and name. */
  private static final Map<String, Map<String, FunctionType>> IMPORTS = Map.of(
      LOGGING, Map.of("log", FunctionType.of(List.of(I, I, I, I, I), List.of())),
      HELPERS, Map.of(
          "get-current-time", FunctionType.of(List.of(I), List.of()),
          "print", FunctionType.of(List.of(I, I), List.of())));

  private HomestarHost() {}

  /** Whether {@code module} is one of the import modules provided here. */
  public static boolean provides(String module) {
    return IMPORTS.containsKey(module);
  }

  /**
   * Why an import from one of these modules cannot be provided, or null when it can.
   */
  public static String refusal(String module, String name, FunctionType type) {
    FunctionType want = IMPORTS.getOrDefault(module, Map.of()).get(name);
    if (want == null) {
      return module + " has no function '" + name + "' here (provided: " + IMPORTS.get(module).keySet() + ")";
    }
    if (!want.equals(type)) {
      return module + "." + name + " is imported as " + CanonicalCall.describe(type)
          + ", but its WIT signature lowers to " + CanonicalCall.describe(want);
    }
    return null;
  }

  /** The host functions for one run, writing to {@code log} and reading the run's fuel through {@code fuelUsed}. */
  public static List<HostFunction> functions(GuestLog log, LongSupplier fuelUsed) {
    return List.of(
        new HostFunction(LOGGING, "log", IMPORTS.get(LOGGING).get("log"), (instance, args) -> {
          int level = (int) args[0];
          if (level < 0 || level >= GuestLog.Level.values().length) {
            throw new AbiException(AbiError.BAD_DISCRIMINANT, "wasi:logging log level " + Integer.toUnsignedString(level)
                + " is not one of the enum's " + GuestLog.Level.values().length + " cases");
          }
          line(instance, log, GuestLog.Level.values()[level], args[1], args[2], args[3], args[4]);
          return null;
        }),
        new HostFunction(HELPERS, "print", IMPORTS.get(HELPERS).get("print"), (instance, args) -> {
          line(instance, log, GuestLog.Level.INFO, -1, 0, args[0], args[1]);
          return null;
        }),
        new HostFunction(HELPERS, "get-current-time", IMPORTS.get(HELPERS).get("get-current-time"), (instance, args) -> {
          GuestMemory memory = new GuestMemory(instance);
          // record time { seconds: u64, milliseconds: u32, nanoseconds: u32 }: 16 bytes, aligned to 8
          long ptr = memory.check(args[0], 16, 8, "get-current-time's return area");
          long nanos = Math.max(0, fuelUsed.getAsLong());
          byte[] out = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .putLong(nanos / 1_000_000_000L)
              .putInt((int) (nanos % 1_000_000_000L / 1_000_000L))
              .putInt((int) (nanos % 1_000_000_000L))
              .array();
          instance.memory().write((int) ptr, out);
          return null;
        }));
  }

  /** Reads a line's strings (their bounds always checked; their text only as far as the log has room). */
  private static void line(Instance instance, GuestLog log, GuestLog.Level level,
      long contextPtr, long contextLen, long messagePtr, long messageLen) {
    GuestMemory memory = new GuestMemory(instance);
    boolean hasContext = contextPtr != -1;
    long cLen = hasContext ? contextLen & 0xFFFFFFFFL : 0;
    long mLen = messageLen & 0xFFFFFFFFL;
    long c = hasContext ? memory.check(contextPtr, cLen, 1, "a log line's context") : 0;
    long m = memory.check(messagePtr, mLen, 1, "a log line's message");
    if (log.full()) {
      log.drop(cLen + mLen);
      return;
    }
    int room = log.room();
    byte[] context = hasContext ? memory.read(c, (int) Math.min(cLen, Math.min(256, room))) : "print".getBytes();
    int left = Math.max(0, room - context.length);
    byte[] message = memory.read(m, (int) Math.min(mLen, left));
    log.log(level, context, message, message.length < mLen);
  }
}
