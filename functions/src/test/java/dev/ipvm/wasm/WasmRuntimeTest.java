package dev.ipvm.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.ipvm.ipld.Ipld;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runtime against ordinary and hostile modules, in both engines. */
class WasmRuntimeTest {
  private static final Map<Engine, WasmRuntime> RUNTIMES = new EnumMap<>(Engine.class);
  private static final Limits LIMITS = new Limits(50_000_000L, 16L << 20, Duration.ofSeconds(20), 1 << 20);

  static WasmRuntime runtime(Engine engine) {
    return RUNTIMES.computeIfAbsent(engine, e -> new WasmRuntime(RuntimeConfig.builder().engine(e).build()));
  }

  @AfterAll
  static void close() {
    RUNTIMES.values().forEach(WasmRuntime::close);
  }

  static byte[] wat(String text) {
    return Wat2Wasm.parse(text);
  }

  static final byte[] MATH = wat("""
      (module
        (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
        (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
        (func (export "half") (param f64) (result f64) local.get 0 f64.const 2 f64.div)
        (func (export "nan") (result f64) f64.const nan)
        (func (export "fib") (param i32) (result i64) (local i64 i64 i32)
          i64.const 0 local.set 1 i64.const 1 local.set 2
          (block (loop
            local.get 0 local.get 3 i32.le_s br_if 1
            local.get 1 local.get 2 i64.add local.get 2 local.set 1 local.set 2
            local.get 3 i32.const 1 i32.add local.set 3 br 0))
          local.get 1)
        (func $rec (export "fibrec") (param i32) (result i64)
          local.get 0 i32.const 2 i32.lt_s
          if (result i64) local.get 0 i64.extend_i32_s
          else local.get 0 i32.const 1 i32.sub call $rec local.get 0 i32.const 2 i32.sub call $rec i64.add end)
        (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))
      """);

  static Outcome run(Engine e, byte[] wasm, String fun, List<Ipld> params, Limits limits) {
    return runtime(e).run(wasm, fun, params, limits);
  }

  static Ipld okValue(Outcome o) {
    assertThat(o).as(o.toString()).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok) o).value();
  }

  static void assertFailed(Outcome o, WasmError error) {
    assertThat(o).as(o.toString()).isInstanceOfSatisfying(Outcome.Failed.class,
        f -> assertThat(f.error()).as(f.message()).isEqualTo(error));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void numericAbi(Engine e) {
    assertThat(okValue(run(e, MATH, "add", List.of(Ipld.integer(2), Ipld.integer(40)), LIMITS))).isEqualTo(Ipld.integer(42));
    assertThat(okValue(run(e, MATH, "add", List.of(Ipld.integer(-1), Ipld.integer(0xFFFFFFFFL)), LIMITS))).isEqualTo(Ipld.integer(-2));
    assertThat(okValue(run(e, MATH, "add64", List.of(Ipld.integer(Long.MAX_VALUE), Ipld.integer(1)), LIMITS))).isEqualTo(Ipld.integer(Long.MIN_VALUE));
    assertThat(okValue(run(e, MATH, "half", List.of(new Ipld.Float(3)), LIMITS))).isEqualTo(new Ipld.Float(1.5));
    assertThat(okValue(run(e, MATH, "half", List.of(Ipld.integer(5)), LIMITS))).isEqualTo(new Ipld.Float(2.5));
    assertThat(okValue(run(e, MATH, "fib", List.of(Ipld.integer(50)), LIMITS))).isEqualTo(Ipld.integer(12586269025L));
    assertThat(okValue(run(e, MATH, "fibrec", List.of(Ipld.integer(20)), LIMITS))).isEqualTo(Ipld.integer(6765));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void badCallsAreNamed(Engine e) {
    assertFailed(run(e, MATH, "mul", List.of(), LIMITS), WasmError.NO_SUCH_FUNCTION);
    assertFailed(run(e, MATH, "add", List.of(Ipld.integer(1)), LIMITS), WasmError.BAD_PARAMS);
    assertFailed(run(e, MATH, "add", List.of(Ipld.text("1"), Ipld.integer(2)), LIMITS), WasmError.BAD_PARAMS);
    assertFailed(run(e, MATH, "add", List.of(Ipld.integer(1L << 32), Ipld.integer(2)), LIMITS), WasmError.BAD_PARAMS);
    assertFailed(run(e, MATH, "nan", List.of(), LIMITS), WasmError.BAD_RESULT);
    assertFailed(run(e, MATH, "div", List.of(Ipld.integer(1), Ipld.integer(0)), LIMITS), WasmError.TRAP);
    assertFailed(run(e, new byte[] {0, 'a', 's', 'm'}, "f", List.of(), LIMITS), WasmError.INVALID_MODULE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void fuelIsCountedTheSameWayInBothEnginesAndEveryRun(Engine e) {
    long a = run(e, MATH, "fib", List.of(Ipld.integer(30)), LIMITS).fuelUsed();
    long b = run(e, MATH, "fib", List.of(Ipld.integer(30)), LIMITS).fuelUsed();
    long other = run(e == Engine.COMPILER ? Engine.INTERPRETER : Engine.COMPILER, MATH, "fib", List.of(Ipld.integer(30)), LIMITS).fuelUsed();
    assertThat(a).isPositive().isEqualTo(b).isEqualTo(other);
    assertThat(run(e, MATH, "fib", List.of(Ipld.integer(60)), LIMITS).fuelUsed()).isGreaterThan(a);
  }

  static final byte[] LOOP = wat("(module (func (export \"spin\") (loop br 0)))");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anInfiniteLoopRunsOutOfFuel(Engine e) {
    Outcome o = run(e, LOOP, "spin", List.of(), LIMITS.withFuel(1_000_000));
    assertFailed(o, WasmError.OUT_OF_FUEL);
    assertThat(o.fuelUsed()).isEqualTo(1_000_000);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anInfiniteLoopWithEnoughFuelTimesOut(Engine e) {
    Outcome o = run(e, LOOP, "spin", List.of(), LIMITS.withFuel(Limits.MAXIMUM.fuel()).withTime(Duration.ofMillis(300)));
    assertFailed(o, WasmError.TIMEOUT);
    assertThat(((Outcome.Failed) o).deterministic()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aMemoryGrowBombHitsTheCap(Engine e) {
    byte[] bomb = wat("""
        (module (memory 1)
          (func (export "bomb") (loop (if (i32.lt_s (memory.grow (i32.const 16)) (i32.const 0)) (then unreachable)) br 0)))
        """);
    Outcome o = run(e, bomb, "bomb", List.of(), LIMITS.withMemoryBytes(4L << 20));
    assertFailed(o, WasmError.MEMORY_LIMIT);
    assertThat(((Outcome.Failed) o).message()).contains("4194304 bytes");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aHugeInitialMemoryIsRefusedBeforeRunning(Engine e) {
    byte[] huge = wat("(module (memory 30000) (func (export \"f\")))");
    assertFailed(run(e, huge, "f", List.of(), LIMITS.withMemoryBytes(16L << 20)), WasmError.MEMORY_LIMIT);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void deepRecursionIsAStackOverflowNotACrash(Engine e) {
    byte[] deep = wat("(module (func $f (export \"down\") (param i64) (result i64) local.get 0 i64.const 1 i64.add call $f))");
    Outcome o = run(e, deep, "down", List.of(Ipld.integer(0)), LIMITS.withFuel(Limits.MAXIMUM.fuel()));
    assertFailed(o, WasmError.STACK_OVERFLOW);
    assertThat(((Outcome.Failed) o).deterministic()).isFalse();
    // the JVM and the runtime are fine afterwards
    assertThat(okValue(run(e, MATH, "add", List.of(Ipld.integer(1), Ipld.integer(1)), LIMITS))).isEqualTo(Ipld.integer(2));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void importsAreForbiddenUnlessProvided(Engine e) {
    byte[] env = wat("(module (import \"env\" \"log\" (func (param i32))) (func (export \"f\")))");
    Outcome o = run(e, env, "f", List.of(), LIMITS);
    assertFailed(o, WasmError.FORBIDDEN_IMPORT);
    assertThat(((Outcome.Failed) o).message()).contains("env.log (function)");
  }

  static final String ECHO_BYTES_ABI = """
      (module (memory (export "memory") 1) (global $next (mut i32) (i32.const 1024))
        (func (export "alloc") (param i32) (result i32) (local i32)
          global.get $next local.set 1 global.get $next local.get 0 i32.add global.set $next local.get 1)
        ;; returns its input: the params list itself
        (func (export "echo") (param i32 i32) (result i64)
          local.get 0 i64.extend_i32_u i64.const 32 i64.shl local.get 1 i64.extend_i32_u i64.or)
        ;; claims a 2 MiB result
        (func (export "huge") (param i32 i32) (result i64) i64.const 0x200000)
        ;; returns bytes that are not DAG-CBOR
        (func (export "junk") (param i32 i32) (result i64) i32.const 0 i32.const 0xff i32.store8 i64.const 1))
      """;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void bytesAbiCarriesDagCborBothWays(Engine e) {
    byte[] echo = wat(ECHO_BYTES_ABI);
    List<Ipld> params = List.of(Ipld.text("héllo"), Ipld.Bytes.of(new byte[] {1, 2}),
        Ipld.Map.builder().put("k", Ipld.list(Ipld.TRUE)).build());
    assertThat(okValue(run(e, echo, "echo", params, LIMITS))).isEqualTo(new Ipld.List(params));
    assertFailed(run(e, echo, "huge", List.of(), LIMITS), WasmError.OUTPUT_TOO_LARGE);
    assertFailed(run(e, echo, "junk", List.of(), LIMITS), WasmError.BAD_RESULT);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rejectsSimd(Engine e) {
    byte[] simd = wat("(module (func (export \"f\") (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 0))");
    Outcome o = run(e, simd, "f", List.of(), LIMITS);
    assertFailed(o, WasmError.INVALID_MODULE);
    assertThat(((Outcome.Failed) o).message()).containsIgnoringCase("SIMD");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wasiWhenEnabledIsDeterministic(Engine e) {
    byte[] clock = wat("""
        (module (import "wasi_snapshot_preview1" "clock_time_get" (func $t (param i32 i64 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "now") (result i64) (drop (call $t (i32.const 0) (i64.const 1) (i32.const 0))) (i64.load (i32.const 0))))
        """);
    try (WasmRuntime wasi = new WasmRuntime(RuntimeConfig.builder().engine(e).hostModules(Set.of(RuntimeConfig.WASI)).build())) {
      assertThat(okValue(wasi.run(clock, "now", List.of(), LIMITS))).isEqualTo(Ipld.integer(0));
    }
    assertFailed(run(e, clock, "now", List.of(), LIMITS), WasmError.FORBIDDEN_IMPORT);
  }

  @org.junit.jupiter.api.Test
  void modulesAreLoadedOncePerCid() {
    try (WasmRuntime rt = new WasmRuntime(RuntimeConfig.DEFAULT)) {
      dev.ipvm.cid.Cid cid = dev.ipvm.cid.Cid.of(dev.ipvm.cid.Multicodec.RAW, MATH);
      assertThat(rt.load(cid, MATH)).isSameAs(rt.load(cid, MATH.clone()));
      dev.ipvm.cid.Cid loop = dev.ipvm.cid.Cid.of(dev.ipvm.cid.Multicodec.RAW, LOOP);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> rt.load(loop, MATH))
          .hasMessageContaining("do not hash to " + loop); // a miss verifies the bytes before loading
    }
  }

  /** Corrupted modules end in an outcome (mostly InvalidModule), never in an exception or a hang. */
  @org.junit.jupiter.api.Test
  void corruptedModulesEndInAnOutcome() {
    byte[] original = SamplesTest.sample("image");
    java.util.Random random = new java.util.Random(42);
    WasmRuntime rt = runtime(Engine.COMPILER);
    java.util.Set<WasmError> seen = java.util.EnumSet.noneOf(WasmError.class);
    for (int i = 0; i < 300; i++) {
      byte[] bytes = original.clone();
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        bytes[8 + random.nextInt(bytes.length - 8)] = (byte) random.nextInt(256);
      }
      Outcome o = rt.run(bytes, "grayscale", List.of(Ipld.Bytes.of("P6\n1 1\n255\n\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))),
          LIMITS.withTime(Duration.ofSeconds(5)));
      assertThat(o).isNotNull();
      if (o instanceof Outcome.Failed f) {
        seen.add(f.error());
      }
    }
    assertThat(seen).contains(WasmError.INVALID_MODULE);
  }

  @org.junit.jupiter.api.Test
  void theModuleSizeIsBounded() {
    try (WasmRuntime small = new WasmRuntime(RuntimeConfig.builder().maxModuleBytes(100).build())) {
      Outcome o = small.run(MATH, "add", List.of(Ipld.integer(1), Ipld.integer(2)), LIMITS);
      assertFailed(o, WasmError.INVALID_MODULE);
      assertThat(((Outcome.Failed) o).message()).contains("above the limit of 100");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void limitsAreCappedByTheConfiguredMaxima(Engine e) {
    Limits max = Limits.MAXIMUM.withFuel(1000);
    try (WasmRuntime strict = new WasmRuntime(RuntimeConfig.builder().engine(e).maxima(max).build())) {
      assertFailed(strict.run(LOOP, "spin", List.of(), LIMITS.withFuel(Long.MAX_VALUE)), WasmError.OUT_OF_FUEL);
    }
  }
}
