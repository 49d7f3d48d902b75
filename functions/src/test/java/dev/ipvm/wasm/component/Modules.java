package dev.ipvm.wasm.component;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.Engine;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Modules written to the canonical ABI in WAT, and the runtimes that run them. */
final class Modules {
  static final Limits LIMITS = new Limits(200_000_000L, 16L << 20, Duration.ofSeconds(30), 1 << 20);
  private static final Map<Engine, WasmRuntime> RUNTIMES = new EnumMap<>(Engine.class);

  /** A memory and a bump allocator as cabi_realloc (growing memory as needed). */
  static final String PRELUDE = """
        (memory (export "memory") 1)
        (global $heap (mut i32) (i32.const 4096))
        (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
          global.get $heap local.get 2 i32.add i32.const 1 i32.sub
          i32.const 0 local.get 2 i32.sub i32.and local.set $p
          local.get $p local.get 3 i32.add global.set $heap
          (block (loop
            global.get $heap memory.size i32.const 16 i32.shl i32.le_u br_if 1
            i32.const 1 memory.grow i32.const -1 i32.eq (if (then unreachable))
            br 0))
          local.get $p)
      """;

  private Modules() {}

  static synchronized WasmRuntime runtime(Engine engine) {
    return RUNTIMES.computeIfAbsent(engine, e -> new WasmRuntime(RuntimeConfig.builder().engine(e).build()));
  }

  static byte[] wat(String body) {
    return Wat2Wasm.parse("(module\n" + body + "\n)");
  }

  static Outcome run(Engine engine, byte[] wasm, String fun, Ipld... params) {
    return runtime(engine).run(wasm, fun, List.of(params), LIMITS, Abi.Choice.AUTO);
  }

  static Outcome run(byte[] wasm, String fun, Ipld... params) {
    return run(Engine.INTERPRETER, wasm, fun, params);
  }

  static Outcome run(byte[] wasm, String fun, RunContext context, Limits limits, Ipld... params) {
    return runtime(Engine.INTERPRETER).run(dev.ipvm.cid.Cid.of(dev.ipvm.cid.Multicodec.RAW, wasm), wasm, fun,
        List.of(params), limits, Abi.Choice.AUTO, context);
  }
}
