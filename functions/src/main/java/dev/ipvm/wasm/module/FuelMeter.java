package dev.ipvm.wasm.module;

import java.util.List;

/**
 * Rewrites a Wasm module so that it meters its own execution in "fuel".
 *
 * <h2>Why rewriting</h2>
 *
 * Chicory's compiler (Wasm to JVM bytecode) has no fuel metering and its interpreter's execution
 * listener is ignored there. The rewritten module carries its own meter, so the same bytes run in
 * the interpreter and in the compiler and use identical fuel by construction.
 *
 * <h2>What the rewrite adds</h2>
 *
 * <ul>
 *   <li>One new defined global {@code $G}: mutable i64, initialised to 0, appended after all
 *       existing globals (so no existing global index changes), exported as {@value #FUEL_EXPORT}.
 *       No function is added, so the function index space is unchanged.
 *   <li>In every defined function, one i64 local {@code $f} (a new last local declaration entry,
 *       index = params + existing locals) holding the remaining fuel while the function runs:
 *       Chicory's compiler turns Wasm locals into JVM locals, while a global costs a method call
 *       per access. {@code $f} is loaded from {@code $G} at entry and after every {@code call} /
 *       {@code call_indirect}, and stored to {@code $G} before every call, {@code return}, branch
 *       that can leave the function ({@code br}/{@code br_if}/{@code br_table} to the function
 *       label) and the final {@code end}.
 *   <li>Charges: at function entry, and at each {@code loop} header (each time it is entered,
 *       including branches back to it): {@code $f -= C; if ($f < 0) { $G = $f; unreachable }}.
 *   <li>If the module has a start section: the section is removed and the start function is
 *       exported as {@value #START_EXPORT} (see the host protocol).
 * </ul>
 *
 * <h2>What fuel counts</h2>
 *
 * Static instruction counts: every original instruction costs 1 (injected instructions are
 * free). The function entry is charged for all instructions of the body that are not inside any
 * loop; a loop header for the instructions of that loop's body not inside a nested loop (at least
 * 1, so an empty loop still costs fuel and every infinite loop ends). The {@code loop} opcode and
 * its {@code end} count towards the enclosing region. A branch that is skipped is still charged,
 * so fuel is deterministic and an upper bound of the executed instructions, not an exact count.
 * Host functions cost nothing unless they lower {@code $G} themselves while called.
 *
 * <h2>Host protocol</h2>
 *
 * <ol>
 *   <li>Set the exported global {@value #FUEL_EXPORT} to the budget (&ge; 0) before calling an
 *       export.
 *   <li>When the call returns: remaining = the global's value; used = budget &minus; remaining.
 *   <li>When the call traps and the global is &lt; 0, the trap was OutOfFuel (the charge that
 *       failed stored the negative balance before trapping). Any other trap leaves the global
 *       &ge; 0: the balance at the last hand-over (call, return), which overstates what remains.
 *   <li>Traps surface in Chicory as subclasses of {@code com.dylibso.chicory.wasm.ChicoryException}:
 *       running out of fuel is a {@code com.dylibso.chicory.runtime.TrapException} (from {@code
 *       unreachable}) in both engines, but e.g. integer division by zero is a {@code
 *       WasmRuntimeException}; so catch {@code ChicoryException} and look at the global.
 *   <li>A start function would run during instantiation while the global is still 0 (Chicory
 *       always runs the start section in {@code Instance.initialize}). So the rewrite removes the
 *       start section and exports the start function as {@value #START_EXPORT} instead: after
 *       instantiating, set the budget and call {@value #START_EXPORT} if the module exports it,
 *       before anything else; a trap there is what an instantiation failure would have been.
 * </ol>
 *
 * <p>Apart from the global, export, start and code sections, every section is copied byte for
 * byte, custom sections included. {@link #instrument(byte[])} also rejects forbidden features (as
 * {@link WasmFeatures#check} does) and modules that already export {@value #FUEL_EXPORT} (so
 * instrumenting twice fails) or, having a start section, {@value #START_EXPORT}.
 */
public final class FuelMeter {
  /** Export name of the fuel global. */
  public static final String FUEL_EXPORT = "ipvm:fuel";

  /** Export name of the former start function, present only if the module had a start section. */
  public static final String START_EXPORT = "ipvm:start";

  private static final int EXPORT_KIND_FUNCTION = 0x00;
  private static final int EXPORT_KIND_GLOBAL = 0x03;

  /**
   * A metered module.
   *
   * @param bytes the rewritten module
   * @param fuelGlobalExport export name of the mutable i64 fuel global
   */
  /**
   * @param fuelGlobalExport the export name of the fuel global
   * @param startExport the export that runs the original start function, or null when it had none
   */
  public record Metered(byte[] bytes, String fuelGlobalExport, String startExport) {}

  private FuelMeter() {}

  /**
   * Rewrites {@code wasm} to meter fuel.
   *
   * @throws ModuleException if the module is malformed, uses a forbidden feature, already
   *     exports {@value #FUEL_EXPORT}, or has a start function and already exports {@value
   *     #START_EXPORT}
   */
  public static Metered instrument(byte[] wasm) {
    ModuleInfo info = ModuleDecoder.decode(wasm);
    if (info.exportNames().contains(FUEL_EXPORT)) {
      throw ModuleException.invalid(
          "module already exports \"" + FUEL_EXPORT + "\" (already metered?)", "export section", -1);
    }
    if (info.startFunction() >= 0 && info.exportNames().contains(START_EXPORT)) {
      throw ModuleException.invalid(
          "module has a start function and already exports \"" + START_EXPORT + "\"",
          "export section",
          -1);
    }
    int fuelGlobal = info.nextGlobalIndex();
    int start = info.startFunction();
    List<FunctionBody> functions = info.functions();
    FuelCosts[] costs = new FuelCosts[functions.size()];
    for (int i = 0; i < costs.length; i++) {
      costs[i] = FuelCosts.of(wasm, functions.get(i));
    }

    WasmWriter out = new WasmWriter(wasm.length + wasm.length / 2 + 64);
    out.bytes(wasm, 0, 8);
    boolean globalWritten = false;
    boolean exportWritten = false;
    for (Section s : info.sections()) {
      if (s.id() != Section.CUSTOM) {
        int order = Section.order(s.id());
        if (!globalWritten && order > Section.order(Section.GLOBAL)) {
          out.section(Section.GLOBAL, globals(wasm, null));
          globalWritten = true;
        }
        if (!exportWritten && order > Section.order(Section.EXPORT)) {
          out.section(Section.EXPORT, exports(wasm, null, fuelGlobal, start));
          exportWritten = true;
        }
      }
      switch (s.id()) {
        case Section.GLOBAL -> {
          out.section(Section.GLOBAL, globals(wasm, s));
          globalWritten = true;
        }
        case Section.EXPORT -> {
          out.section(Section.EXPORT, exports(wasm, s, fuelGlobal, start));
          exportWritten = true;
        }
        case Section.START -> {} // exported as START_EXPORT instead
        case Section.CODE -> out.section(Section.CODE, code(wasm, s, functions, costs, fuelGlobal));
        default -> out.bytes(wasm, s.start(), s.end());
      }
    }
    if (!globalWritten) {
      out.section(Section.GLOBAL, globals(wasm, null));
    }
    if (!exportWritten) {
      out.section(Section.EXPORT, exports(wasm, null, fuelGlobal, start));
    }
    return new Metered(out.toByteArray(), FUEL_EXPORT, start >= 0 ? START_EXPORT : null);
  }

  /** The global section payload: the existing globals (if any) plus (mut i64) (i64.const 0). */
  private static WasmWriter globals(byte[] wasm, Section s) {
    WasmWriter w = new WasmWriter(s == null ? 16 : s.end() - s.payloadStart() + 16);
    appendToVector(wasm, s, w, 1);
    w.u8(ValueTypes.I64).u8(0x01).u8(Opcodes.I64_CONST).s64(0).u8(Opcodes.END);
    return w;
  }

  /**
   * The export section payload: the existing exports (if any), the fuel global, and the start
   * function if there is one ({@code start} >= 0).
   */
  private static WasmWriter exports(byte[] wasm, Section s, int fuelGlobal, int start) {
    WasmWriter w = new WasmWriter(s == null ? 32 : s.end() - s.payloadStart() + 32);
    appendToVector(wasm, s, w, start >= 0 ? 2 : 1);
    w.name(FUEL_EXPORT).u8(EXPORT_KIND_GLOBAL).u32(fuelGlobal);
    if (start >= 0) {
      w.name(START_EXPORT).u8(EXPORT_KIND_FUNCTION).u32(start);
    }
    return w;
  }

  /** Writes the section's vector count plus {@code added}, then its existing entries unchanged. */
  private static void appendToVector(byte[] wasm, Section s, WasmWriter w, int added) {
    if (s == null) {
      w.u32(added);
      return;
    }
    WasmReader in = new WasmReader(wasm, s.payloadStart(), s.end(), s.label());
    long count = in.u32();
    if (count > 0xFFFF_FFFFL - added) {
      throw in.invalidAt(s.payloadStart(), "no room for another entry");
    }
    w.u32(count + added).bytes(wasm, in.position(), s.end());
  }

  private static WasmWriter code(
      byte[] wasm, Section s, List<FunctionBody> functions, FuelCosts[] costs, int fuelGlobal) {
    WasmWriter w = new WasmWriter((s.end() - s.payloadStart()) * 2 + 16);
    w.u32(functions.size());
    for (int i = 0; i < costs.length; i++) {
      FunctionRewriter.rewrite(wasm, functions.get(i), costs[i], fuelGlobal, w);
    }
    return w;
  }
}
