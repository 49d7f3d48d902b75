package dev.ipvm.wasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed AssemblyScript samples (with start functions, bulk memory, a bump allocator)
 * behave the same metered, and use the same fuel in both engines.
 */
class SampleModulesTest {

  static byte[] sample(String name) throws IOException {
    try (InputStream in = SampleModulesTest.class.getResourceAsStream("/samples/" + name)) {
      assumeTrue(in != null, "sample " + name + " not on the classpath");
      return in.readAllBytes();
    }
  }

  @Test
  void mathSample() throws IOException {
    byte[] original = sample("math.wasm");
    byte[] metered = FuelMeter.instrument(original).bytes();
    for (String export : new String[] {"fib", "fib_rec"}) {
      long[] expected = Engine.COMPILER.instantiate(original).export(export).apply(20);
      Engine.Outcome interpreted = Engine.INTERPRETER.run(metered, 1_000_000, export, 20);
      Engine.Outcome compiled = Engine.COMPILER.run(metered, 1_000_000, export, 20);
      assertThat(interpreted.results()).isEqualTo(expected).containsExactly(6765);
      assertThat(compiled.results()).isEqualTo(expected);
      assertThat(compiled.used()).isEqualTo(interpreted.used()).isPositive();
    }
    assertThat(Engine.COMPILER.run(metered, 10_000, "fib_rec", 40).outOfFuel()).isTrue();
  }

  /** params [bytes "abc"] / [text "abc"] as DAG-CBOR */
  @ParameterizedTest
  @ValueSource(strings = {"sha256.wasm", "uppercase.wasm"})
  void bytesAbiSamples(String name) throws IOException {
    byte[] original = sample(name);
    byte[] metered = FuelMeter.instrument(original).bytes();
    byte[] params =
        name.startsWith("sha")
            ? new byte[] {(byte) 0x81, 0x43, 'a', 'b', 'c'}
            : new byte[] {(byte) 0x81, 0x63, 'a', 'b', 'c'};
    String export = name.substring(0, name.indexOf('.'));

    long[] expected = run(Engine.COMPILER.instantiate(original), export, params);
    long[] fuel = new long[2];
    for (Engine engine : Engine.values()) {
      Instance instance = engine.instantiate(metered);
      Engine.Outcome start = Engine.call(instance, 1_000_000, FuelMeter.START_EXPORT);
      assertThat(start.trap()).isNull();
      instance.exports().global(FuelMeter.FUEL_EXPORT).setValue(1_000_000);
      long[] actual = run(instance, export, params);
      assertThat(actual).as(engine.name()).isEqualTo(expected);
      fuel[engine.ordinal()] =
          start.used() + 1_000_000 - instance.exports().global(FuelMeter.FUEL_EXPORT).getValue();
    }
    assertThat(fuel[0]).isEqualTo(fuel[1]).isPositive();
  }

  /** alloc, write params, call: returns the packed result and a hash of the whole memory. */
  private static long[] run(Instance instance, String export, byte[] params) {
    int ptr = (int) instance.export("alloc").apply(params.length)[0];
    instance.memory().write(ptr, params);
    long packed = instance.export(export).apply(ptr, params.length)[0];
    byte[] memory = instance.memory().readBytes(0, instance.memory().pages() * 65536);
    return new long[] {packed, Arrays.hashCode(memory)};
  }
}
