package dev.ipvm.bench.wasm;

import com.dylibso.chicory.runtime.Instance;
import dev.ipvm.bench.wasm.WasmHarness.EngineKind;
import dev.ipvm.bench.wasm.WasmKernels.Kernel;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sample Wasm functions in Chicory, straight on Chicory's API (no {@code WasmRuntime}: no
 * worker thread, no module cache, no CBOR decoding of the result).
 *
 * <ul>
 *   <li>{@code run}: one op = what a task does: a fresh instance of the already parsed (and, for
 *       the compiler, already compiled) module, fuel set and start function run when metered, then
 *       one call through the ABI (bytes ABI: {@code alloc}, write the DAG-CBOR input, call, read
 *       the result bytes).
 *   <li>{@code run_warmInstance}: the same call on an instance built in the setup (pure execution
 *       plus the ABI's copies); see {@link WasmHarness.Warm} for how its allocator is rewound.
 * </ul>
 *
 * <p>{@code engine}: {@code compiler} (Wasm to JVM bytecode, compiled once per module in the
 * setup) or {@code interpreter}. {@code metered}: {@code false} runs the original bytes, {@code
 * true} the module rewritten by {@code FuelMeter.instrument}, with a budget of {@link
 * WasmHarness#BUDGET} before each call. The setup checks that the original and the metered module,
 * in both engines, return exactly the bytes {@link WasmKernels} computes in Java, fresh and warm,
 * and that both engines use the same fuel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class WasmBench {

  @Param({WasmKernels.FIB, WasmKernels.FIB_REC, WasmKernels.SHA256, WasmKernels.BLUR, WasmKernels.UPPERCASE})
  public String kernel;

  @Param({"compiler", "interpreter"})
  public String engine;

  @Param({"false", "true"})
  public boolean metered;

  private Kernel k;
  private WasmHarness harness;
  private WasmHarness.Warm warm;

  @Setup(Level.Trial)
  public void setUp() {
    k = WasmKernels.kernel(kernel);
    long fuel = verify(k);
    harness = WasmHarness.load(WasmKernels.moduleBytes(k.module()), EngineKind.of(engine), metered);
    warm = harness.warm();
    for (int i = 0; i < 3; i++) { // the rewound warm instance must keep giving the same result
      warm.reset();
      check(k, WasmHarness.resultBytes(warm.instance, k), engine + " metered=" + metered + " warm #" + i);
    }
    System.out.printf("%n[wasm] kernel=%s (%s) engine=%s metered=%s: input %d bytes, result %d bytes,"
            + " fuel per call %,d; all engines agree%n",
        kernel, k.description(), engine, metered, k.bytesAbi() ? k.input().length : 0,
        k.expected().length, fuel);
  }

  /**
   * Runs the kernel once in each engine, unmetered and metered, and checks every result against the
   * Java reference and the fuel of the two engines against each other.
   *
   * @return the fuel one call uses (instantiation and start function included)
   */
  static long verify(Kernel k) {
    byte[] original = WasmKernels.moduleBytes(k.module());
    long[] fuel = new long[2];
    for (EngineKind e : EngineKind.values()) {
      for (boolean m : new boolean[] {false, true}) {
        WasmHarness h = WasmHarness.load(original, e, m);
        Instance i = h.instantiate();
        check(k, WasmHarness.resultBytes(i, k), e + " metered=" + m);
        if (m) {
          fuel[e.ordinal()] = WasmHarness.fuelUsed(i);
        }
      }
    }
    if (fuel[0] != fuel[1] || fuel[0] <= 0) {
      throw new IllegalStateException(k.name() + ": fuel differs between engines: " + Arrays.toString(fuel));
    }
    return fuel[0];
  }

  static void check(Kernel k, byte[] actual, String what) {
    if (!Arrays.equals(actual, k.expected())) {
      throw new IllegalStateException(k.name() + " (" + what + ") returned " + abbrev(actual)
          + ", expected " + abbrev(k.expected()));
    }
  }

  private static String abbrev(byte[] b) {
    String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 48));
    return b.length + " bytes " + hex + (b.length > 48 ? "..." : "");
  }

  @Benchmark
  public void run(Blackhole bh) {
    Instance instance = harness.instantiate();
    if (k.bytesAbi()) {
      bh.consume(WasmHarness.callBytes(instance, k));
    } else {
      bh.consume(WasmHarness.callNumeric(instance, k));
    }
  }

  @Benchmark
  public void run_warmInstance(Blackhole bh) {
    warm.reset();
    if (k.bytesAbi()) {
      bh.consume(WasmHarness.callBytes(warm.instance, k));
    } else {
      bh.consume(WasmHarness.callNumeric(warm.instance, k));
    }
  }
}
