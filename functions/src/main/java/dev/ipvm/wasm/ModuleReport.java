package dev.ipvm.wasm;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a module exports and imports, and whether a runtime would accept it (and if not, why).
 *
 * @param exports one line per export, e.g. {@code function add (i32, i32) -> (i32)}
 * @param imports one line per import, e.g. {@code function env.log}
 * @param problem why the runtime refuses the module, or null when it accepts it
 */
public record ModuleReport(List<String> exports, List<String> imports, Outcome.Failed problem) {

  /** Describes {@code wasm} and tries to load it with {@code runtime}'s configuration. */
  public static ModuleReport of(WasmRuntime runtime, byte[] wasm) {
    List<String> exports = new ArrayList<>();
    List<String> imports = new ArrayList<>();
    try {
      WasmModule m = Parser.parse(wasm);
      int importedFunctions = 0;
      for (int i = 0; i < m.importSection().importCount(); i++) {
        Import imp = m.importSection().getImport(i);
        imports.add(lower(imp.importType()) + " " + imp.module() + "." + imp.name());
        if (imp.importType() == ExternalType.FUNCTION) {
          importedFunctions++;
        }
      }
      for (int i = 0; i < m.exportSection().exportCount(); i++) {
        Export e = m.exportSection().getExport(i);
        String line = lower(e.exportType()) + " " + e.name();
        if (e.exportType() == ExternalType.FUNCTION && e.index() >= importedFunctions) {
          int typeIndex = m.functionSection().getFunctionType(e.index() - importedFunctions);
          line += " " + signature(m.typeSection().getType(typeIndex));
        }
        exports.add(line);
      }
    } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return new ModuleReport(exports, imports,
          new Outcome.Failed(WasmError.INVALID_MODULE, "invalid module: " + e.getMessage(), 0));
    }
    Outcome.Failed problem = null;
    try {
      runtime.load(wasm);
    } catch (RunException e) {
      problem = new Outcome.Failed(e.error(), e.getMessage(), 0);
    }
    return new ModuleReport(exports, imports, problem);
  }

  private static String signature(FunctionType t) {
    return "(" + String.join(", ", t.params().stream().map(v -> v.toString().toLowerCase(Locale.ROOT)).toList())
        + ") -> (" + String.join(", ", t.returns().stream().map(v -> v.toString().toLowerCase(Locale.ROOT)).toList()) + ")";
  }

  private static String lower(ExternalType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }
}
