package dev.ipvm.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link ModuleLoader} (docs/fuzzing.md): arbitrary bytes loaded as a
 * Wasm module (feature check, fuel-metering rewrite, Chicory's parser and validation, the import
 * policy). Loading either succeeds or is refused with a {@link RunException} whose error is
 * InvalidModule or ForbiddenImport; anything else is a finding. What the interpreter loads is then
 * loaded for the compiler (Wasm to JVM bytecode) too, without WASI, which must hold the same way.
 */
class ModuleLoaderFuzzTest {
  private static final ModuleLoader INTERPRETER = new ModuleLoader(RuntimeConfig.builder()
      .engine(Engine.INTERPRETER).hostModules(Set.of(RuntimeConfig.WASI)).build());
  private static final ModuleLoader COMPILER = new ModuleLoader(RuntimeConfig.DEFAULT);

  @FuzzTest
  void load(byte[] wasm) {
    Cid cid = Cid.of(Multicodec.RAW, wasm);
    if (!loads(INTERPRETER, cid, wasm)) {
      return;
    }
    loads(COMPILER, cid, wasm);
  }

  private static boolean loads(ModuleLoader loader, Cid cid, byte[] wasm) {
    try {
      LoadedModule m = loader.load(cid, wasm);
      assertThat(m.size()).isEqualTo(wasm.length);
      assertThat(m.fuelGlobal()).isNotNull();
      return true;
    } catch (RunException refused) {
      assertThat(refused.error()).isIn(WasmError.INVALID_MODULE, WasmError.FORBIDDEN_IMPORT);
      return false;
    }
  }
}
