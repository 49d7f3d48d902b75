package dev.ipvm.wasm.module;

/**
 * Rewrites one function body so that it meters fuel (see {@link FuelMeter} for the scheme).
 *
 * <p>Adds one i64 local {@code $f} (a new local declaration entry at the end, so its index is
 * params + existing locals), loads it from the fuel global at entry, charges the entry cost and
 * each loop header's cost, stores it to the global before every call, return, branch to the
 * function label and the final {@code end}, and reloads it after every call. Every original
 * instruction is copied byte for byte.
 */
final class FunctionRewriter {
  private final byte[] bytes;
  private final FunctionBody body;
  private final FuelCosts costs;
  private final int global;
  private final long local;
  private final WasmWriter w;
  private int copied;
  /**
   * Whether the fuel global already holds the local's value, so a store would be redundant. Only
   * charges change the local (at entry and at loop headers); after a call's reload the two agree.
   * At merge points (loop, else, end) the paths may disagree, so the flag is cleared there.
   */
  private boolean synced;

  private FunctionRewriter(byte[] bytes, FunctionBody body, FuelCosts costs, int global) {
    this.bytes = bytes;
    this.body = body;
    this.costs = costs;
    this.global = global;
    this.local = body.paramCount() + body.localCount();
    this.w = new WasmWriter((body.end() - body.start()) * 2 + 64);
    if (local > 0xFFFF_FFFEL) {
      throw ModuleException.invalid("too many locals to add the fuel counter", body.where(), -1);
    }
  }

  /** Writes the rewritten body, preceded by its size, to {@code out}. */
  static void rewrite(
      byte[] bytes, FunctionBody body, FuelCosts costs, int fuelGlobal, WasmWriter out) {
    WasmWriter w = new FunctionRewriter(bytes, body, costs, fuelGlobal).run();
    out.u32(w.size()).bytes(w);
  }

  private WasmWriter run() {
    w.u32(body.localEntryCount() + 1L);
    w.bytes(bytes, body.localEntriesStart(), body.instructionsStart());
    w.u32(1).u8(ValueTypes.I64);
    load();
    synced = true;
    charge(costs.entry());
    copied = body.instructionsStart();
    InstructionDecoder d = new InstructionDecoder(body.instructions(bytes));
    int loop = 0;
    while (!d.finished()) {
      int op = d.next();
      switch (op) {
        case Opcodes.CALL, Opcodes.CALL_INDIRECT -> {
          copyTo(d.start());
          storeIfNeeded();
          copyTo(d.end());
          load();
          synced = true;
        }
        case Opcodes.RETURN -> {
          copyTo(d.start());
          storeIfNeeded();
        }
        case Opcodes.BR, Opcodes.BR_IF -> {
          if (d.label() == d.depthBefore()) {
            copyTo(d.start());
            storeIfNeeded();
          }
        }
        case Opcodes.BR_TABLE -> {
          if (targetsFunction(d)) {
            copyTo(d.start());
            storeIfNeeded();
          }
        }
        case Opcodes.END -> {
          if (d.finished()) {
            copyTo(d.start());
            storeIfNeeded();
          } else {
            synced = false; // a merge point
          }
        }
        case Opcodes.ELSE -> synced = false;
        case Opcodes.LOOP -> {
          copyTo(d.end());
          synced = false;
          charge(costs.loops()[loop++]);
        }
        default -> {}
      }
    }
    copyTo(body.end());
    return w;
  }

  private static boolean targetsFunction(InstructionDecoder d) {
    for (int i = 0; i < d.labelCount(); i++) {
      if (d.label(i) == d.depthBefore()) {
        return true;
      }
    }
    return false;
  }

  private void copyTo(int offset) {
    w.bytes(bytes, copied, offset);
    copied = offset;
  }

  /** global.get $G; local.set $f */
  private void load() {
    w.u8(Opcodes.GLOBAL_GET).u32(global).u8(Opcodes.LOCAL_SET).u32(local);
  }

  private void storeIfNeeded() {
    if (!synced) {
      store();
      synced = true;
    }
  }

  /** local.get $f; global.set $G */
  private void store() {
    w.u8(Opcodes.LOCAL_GET).u32(local).u8(Opcodes.GLOBAL_SET).u32(global);
  }

  /**
   * {@code $f -= cost; if ($f < 0) { $G = $f; unreachable }}: local.get $f; i64.const C; i64.sub;
   * local.tee $f; i64.const 0; i64.lt_s; if; local.get $f; global.set $G; unreachable; end
   */
  private void charge(long cost) {
    if (cost <= 0) {
      return;
    }
    synced = false;
    w.u8(Opcodes.LOCAL_GET).u32(local);
    w.u8(Opcodes.I64_CONST).s64(cost);
    w.u8(Opcodes.I64_SUB);
    w.u8(Opcodes.LOCAL_TEE).u32(local);
    w.u8(Opcodes.I64_CONST).s64(0);
    w.u8(Opcodes.I64_LT_S);
    w.u8(Opcodes.IF).u8(ValueTypes.EMPTY_BLOCK);
    store();
    w.u8(Opcodes.UNREACHABLE);
    w.u8(Opcodes.END);
  }
}
