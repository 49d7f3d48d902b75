package dev.ipvm.wasm;

import static dev.ipvm.wasm.WasmRuntimeTest.okValue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed sample functions, run in Chicory with the ABI of schemas/abi.md. */
class SamplesTest {
  private static final Limits LIMITS = new Limits(2_000_000_000L, 64L << 20, Duration.ofSeconds(30), 4 << 20);

  static byte[] sample(String name) {
    try (InputStream in = SamplesTest.class.getResourceAsStream("/samples/" + name + ".wasm")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] image() throws IOException {
    return Files.readAllBytes(Path.of("samples/images/sample.ppm"));
  }

  static Outcome run(Engine e, String module, String fun, Ipld... params) {
    return WasmRuntimeTest.runtime(e).run(sample(module), fun, List.of(params), LIMITS);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void math(Engine e) {
    assertThat(okValue(run(e, "math", "add", Ipld.integer(20), Ipld.integer(22)))).isEqualTo(Ipld.integer(42));
    assertThat(okValue(run(e, "math", "fib", Ipld.integer(50)))).isEqualTo(Ipld.integer(12586269025L));
    assertThat(okValue(run(e, "math", "fib_rec", Ipld.integer(20)))).isEqualTo(Ipld.integer(6765));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void uppercase(Engine e) {
    assertThat(okValue(run(e, "uppercase", "uppercase", Ipld.text("hello, ipvm — ünïcode"))))
        .isEqualTo(Ipld.text("HELLO, IPVM — üNïCODE"));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sha256MatchesTheJdk(Engine e) throws Exception {
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
    assertThat(((Ipld.Bytes) okValue(run(e, "sha256", "sha256", Ipld.Bytes.of(data)))).toByteArray()).isEqualTo(expected);
    byte[] abc = MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(((Ipld.Bytes) okValue(run(e, "sha256", "sha256", Ipld.Bytes.of("abc".getBytes(StandardCharsets.UTF_8))))).toByteArray())
        .isEqualTo(abc);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void imageOperations(Engine e) throws IOException {
    Ipld img = Ipld.Bytes.of(image());
    Ppm original = Ppm.parse(image());
    Ppm crop = Ppm.parse(bytes(run(e, "image", "crop", img, Ipld.integer(10), Ipld.integer(20), Ipld.integer(64), Ipld.integer(32))));
    assertThat(crop.width).isEqualTo(64);
    assertThat(crop.height).isEqualTo(32);
    assertThat(crop.pixel(0, 0)).isEqualTo(original.pixel(10, 20));
    assertThat(crop.pixel(63, 31)).isEqualTo(original.pixel(73, 51));

    Ppm rotated = Ppm.parse(bytes(run(e, "image", "rotate90", img)));
    assertThat(rotated.width).isEqualTo(original.height);
    assertThat(rotated.height).isEqualTo(original.width);
    // clockwise: the top-left pixel moves to the top-right corner
    assertThat(rotated.pixel(rotated.width - 1, 0)).isEqualTo(original.pixel(0, 0));

    Ppm gray = Ppm.parse(bytes(run(e, "image", "grayscale", img)));
    int[] p = gray.pixel(100, 100);
    assertThat(p[0]).isEqualTo(p[1]).isEqualTo(p[2]);
    int[] o = original.pixel(100, 100);
    assertThat(p[0]).isEqualTo((77 * o[0] + 150 * o[1] + 29 * o[2]) >> 8);

    assertThat(bytes(run(e, "image", "blur", img, Ipld.integer(0)))).isEqualTo(image());
    Ppm blurred = Ppm.parse(bytes(run(e, "image", "blur", img, Ipld.integer(2))));
    assertThat(blurred.width).isEqualTo(original.width);
  }

  @Test
  void malformedInputTraps() {
    WasmRuntimeTest.assertFailed(run(Engine.COMPILER, "image", "rotate90", Ipld.Bytes.of("P3\n1 1\n255\n".getBytes(StandardCharsets.US_ASCII))), WasmError.TRAP);
    WasmRuntimeTest.assertFailed(run(Engine.COMPILER, "image", "crop", Ipld.text("not an image")), WasmError.TRAP);
  }

  static Stream<Arguments> calls() throws IOException {
    Ipld img = Ipld.Bytes.of(image());
    return Stream.of(
        Arguments.of("math", "add", new Ipld[] {Ipld.integer(1), Ipld.integer(2)}),
        Arguments.of("math", "fib", new Ipld[] {Ipld.integer(90)}),
        Arguments.of("math", "fib_rec", new Ipld[] {Ipld.integer(18)}),
        Arguments.of("uppercase", "uppercase", new Ipld[] {Ipld.text("fuel is deterministic")}),
        Arguments.of("sha256", "sha256", new Ipld[] {Ipld.Bytes.of(new byte[5000])}),
        Arguments.of("image", "crop", new Ipld[] {img, Ipld.integer(1), Ipld.integer(2), Ipld.integer(30), Ipld.integer(40)}),
        Arguments.of("image", "rotate90", new Ipld[] {img}),
        Arguments.of("image", "grayscale", new Ipld[] {img}),
        Arguments.of("image", "blur", new Ipld[] {img, Ipld.integer(1)}));
  }

  /** The same module and input use the same fuel in both engines and on every run. */
  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("calls")
  void fuelIsIdenticalAcrossEnginesAndRuns(String module, String fun, Ipld[] params) {
    Outcome compiled = run(Engine.COMPILER, module, fun, params);
    Outcome again = run(Engine.COMPILER, module, fun, params);
    Outcome interpreted = run(Engine.INTERPRETER, module, fun, params);
    assertThat(compiled).as(compiled.toString()).isInstanceOf(Outcome.Ok.class);
    assertThat(compiled.fuelUsed()).isPositive().isEqualTo(again.fuelUsed()).isEqualTo(interpreted.fuelUsed());
    assertThat(okValue(interpreted)).isEqualTo(okValue(compiled));
  }

  private static byte[] bytes(Outcome o) {
    return ((Ipld.Bytes) okValue(o)).toByteArray();
  }

  /** Just enough of binary PPM (P6, canonical header) to check results. */
  record Ppm(int width, int height, byte[] rgb) {
    static Ppm parse(byte[] file) {
      String header = new String(file, 0, Math.min(file.length, 40), StandardCharsets.US_ASCII);
      String[] parts = header.split("\\s+", 5);
      assertThat(parts[0]).isEqualTo("P6");
      int w = Integer.parseInt(parts[1]);
      int h = Integer.parseInt(parts[2]);
      int headerLength = (parts[0] + "\n" + w + " " + h + "\n255\n").length();
      assertThat(file.length).isEqualTo(headerLength + w * h * 3);
      return new Ppm(w, h, Arrays.copyOfRange(file, headerLength, file.length));
    }

    int[] pixel(int x, int y) {
      int i = (y * width + x) * 3;
      return new int[] {rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF};
    }
  }
}
