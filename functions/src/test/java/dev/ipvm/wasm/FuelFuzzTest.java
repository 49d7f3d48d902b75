package dev.ipvm.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of metered runs (docs/fuzzing.md): the fuel meter's rewrite and the
 * runtime's limits. The fuzzer picks a module, one of the samples as shipped, a sample with a
 * few bytes changed, or bytes of its own, then an exported function, params, an ABI, an engine
 * and tiny limits (at most 200 000 fuel, 4 pages, 1 s). {@link WasmRuntime#run} must end in an
 * {@link Outcome} (Ok, or Failed with a named {@link WasmError}) within the time limit plus the
 * runtime's grace period, never throw, and report no more fuel used than the budget.
 */
class FuelFuzzTest {
  private static final String[] SAMPLES = {"math", "uppercase", "sha256", "order", "image"};
  private static final byte[][] SAMPLE_BYTES = new byte[SAMPLES.length][];
  private static final RuntimeConfig CONFIG = RuntimeConfig.builder()
      .hostModules(Set.of(RuntimeConfig.WASI)).cacheMaxModules(16).cacheMaxBytes(4L << 20).build();
  private static final WasmRuntime INTERPRETER = new WasmRuntime(CONFIG.toBuilder().engine(Engine.INTERPRETER).build());
  private static final WasmRuntime COMPILER = new WasmRuntime(CONFIG);
  private static final Duration TIME = Duration.ofSeconds(1);
  /** The runtime's grace for a worker to notice its interruption, and slack for a busy machine. */
  private static final long MAX_MILLIS = TIME.toMillis() + 2_000 + 3_000;

  static {
    for (int i = 0; i < SAMPLES.length; i++) {
      try (InputStream in = FuelFuzzTest.class.getResourceAsStream("/samples/" + SAMPLES[i] + ".wasm")) {
        SAMPLE_BYTES[i] = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @AfterAll
  static void close() {
    INTERPRETER.close();
    COMPILER.close();
  }

  @FuzzTest
  void run(FuzzedDataProvider data) {
    WasmRuntime runtime = data.consumeInt(0, 3) == 0 ? COMPILER : INTERPRETER;
    Limits limits = new Limits(data.consumeLong(1, 200_000), data.consumeInt(0, 4) * Limits.PAGE, TIME,
        data.consumeInt(0, 4096));
    Abi.Choice abi = data.pickValue(Abi.Choice.values());
    int funIndex = data.consumeInt(0, 15);
    List<Ipld> params = params(data);
    byte[] wasm = module(data);

    String fun = exportedFunction(runtime, wasm, funIndex);
    long start = System.nanoTime();
    Outcome outcome = runtime.run(wasm, fun, params, limits, abi);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(outcome).isNotNull();
    assertThat(outcome.fuelUsed()).isBetween(0L, limits.fuel());
    if (outcome instanceof Outcome.Failed failed && failed.error() != WasmError.INVALID_MODULE
        && failed.error() != WasmError.FORBIDDEN_IMPORT) {
      // loading (parsing, metering, compiling) is not under the time limit; the run is
      assertThat(millis).as("%s took %d ms", outcome, millis).isLessThan(MAX_MILLIS);
    }
  }

  /** A sample as shipped, a sample with up to 8 bytes changed, or the fuzzer's own bytes. */
  private static byte[] module(FuzzedDataProvider data) {
    int kind = data.consumeInt(0, 2);
    if (kind == 2) {
      return data.consumeRemainingAsBytes();
    }
    byte[] wasm = SAMPLE_BYTES[data.consumeInt(0, SAMPLES.length - 1)].clone();
    if (kind == 1) {
      int edits = data.consumeInt(1, 8);
      for (int i = 0; i < edits; i++) {
        wasm[data.consumeInt(0, wasm.length - 1)] = data.consumeByte();
      }
    }
    return wasm;
  }

  private static List<Ipld> params(FuzzedDataProvider data) {
    int n = data.consumeInt(0, 5);
    List<Ipld> params = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      params.add(switch (data.consumeInt(0, 4)) {
        case 0 -> Ipld.integer(data.consumeInt(-2, 64));
        case 1 -> Ipld.integer(data.consumeLong());
        case 2 -> new Ipld.Float(data.consumeRegularDouble());
        case 3 -> Ipld.text(data.consumeString(64));
        default -> Ipld.Bytes.of(data.consumeBytes(256));
      });
    }
    return params;
  }

  /** The name of one of the module's exported functions, or "run" when it cannot be loaded. */
  private static String exportedFunction(WasmRuntime runtime, byte[] wasm, int index) {
    LoadedModule module;
    try {
      module = runtime.load(wasm);
    } catch (RunException notLoadable) {
      return "run";
    }
    ExportSection exports = module.module().exportSection();
    List<String> functions = new ArrayList<>();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      if (e.exportType() == ExternalType.FUNCTION) {
        functions.add(e.name());
      }
    }
    return functions.isEmpty() ? "run" : functions.get(index % functions.size());
  }
}
