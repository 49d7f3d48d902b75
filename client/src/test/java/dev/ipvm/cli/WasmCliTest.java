package dev.ipvm.cli;

import static dev.ipvm.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm wasm run|inspect} on the committed sample modules. */
class WasmCliTest {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");

  private static String sample(String name) {
    return SAMPLES.resolve(name + ".wasm").toString();
  }

  @Test
  void runsANumericFunction() {
    CliTest.Result r = run("", "wasm", "run", sample("math"), "--fun", "add", "--params", "[20, 22]");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text().strip()).isEqualTo("42");
    assertThat(r.err()).matches("fuel \\d+\\R");
  }

  @Test
  void runsABytesFunctionInBothEngines() {
    for (String engine : new String[] {"--abi=auto", "--interpreter"}) {
      CliTest.Result r = run("", "wasm", "run", sample("uppercase"), "--fun", "uppercase", "--params", "[\"hello\"]", engine);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.text().strip()).isEqualTo("\"HELLO\"");
    }
  }

  @Test
  void functionNamesAreMatchedAsTheJobAndHomestarMatchThem(@TempDir Path dir) throws Exception {
    Path wasm = dir.resolve("kebab.wasm");
    Files.write(wasm, com.dylibso.chicory.wabt.Wat2Wasm.parse("(module"
        + " (func (export \"add-one\") (param i32) (result i32) local.get 0 i32.const 1 i32.add)"
        + " (func (export \"add_one\") (param i32) (result i32) local.get 0 i32.const 100 i32.add)"
        + " (func (export \"rotateImage\") (result i32) i32.const 90))"));
    CliTest.Result snake = run("", "wasm", "run", wasm.toString(), "--fun", "add_one", "--params", "[1]");
    assertThat(snake.text().strip()).as(snake.err()).isEqualTo("101"); // the name as written comes first
    CliTest.Result kebab = run("", "wasm", "run", wasm.toString(), "--fun", "ADD-ONE", "--params", "[1]");
    assertThat(kebab.text().strip()).as(kebab.err()).isEqualTo("2");
    CliTest.Result camel = run("", "wasm", "run", wasm.toString(), "--fun", "rotate_image");
    assertThat(camel.text().strip()).as(camel.err()).isEqualTo("90");
    CliTest.Result none = run("", "wasm", "run", wasm.toString(), "--fun", "add_two", "--params", "[1]");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).startsWith("ipvm: NoSuchFunction: the module exports no function 'add_two'");
  }

  @Test
  void aFailurePrintsItsNameAndExitsOne() {
    CliTest.Result r = run("", "wasm", "run", sample("math"), "--fun", "fib_rec", "--params", "[40]", "--fuel", "10000");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("ipvm: OutOfFuel: the run used all of its 10000 fuel");
  }

  @Test
  void jsonForMachines() {
    CliTest.Result ok = run("", "wasm", "run", sample("math"), "--fun", "fib", "--params", "[10]", "--json");
    assertThat(ok.text()).matches("\\{\"ok\":55,\"fuel\":\\d+}\\R");
    CliTest.Result bad = run("", "wasm", "run", sample("math"), "--fun", "nope", "--json");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.text()).startsWith("{\"error\":{\"name\":\"NoSuchFunction\"");
  }

  @Test
  void bytesResultsGoRawToAFile(@TempDir Path dir) throws Exception {
    byte[] ppm = Files.readAllBytes(Path.of("../functions/samples/images/sample.ppm"));
    String b64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(ppm);
    Path out = dir.resolve("rotated.ppm");
    CliTest.Result r = run("", "wasm", "run", sample("image"), "--fun", "rotate90",
        "--params", "[{\"/\":{\"bytes\":\"" + b64 + "\"}}]", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new String(Files.readAllBytes(out), 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("P6\n192 256\n255\n");

    Path cropped = dir.resolve("cropped.ppm");
    CliTest.Result c = run("", "wasm", "run", sample("image"), "--fun", "crop",
        "--bytes-param", "../functions/samples/images/sample.ppm", "--params", "[10, 20, 64, 32]", "--out", cropped.toString());
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(Files.size(cropped)).isEqualTo("P6\n64 32\n255\n".length() + 64 * 32 * 3);
  }

  @Test
  void badParamsAreOneLine() {
    assertThat(run("", "wasm", "run", sample("math"), "--fun", "add", "--params", "{}").err())
        .isEqualTo("ipvm: --params must be a JSON list, e.g. '[1, 2]'" + System.lineSeparator());
    assertThat(run("", "wasm", "run", sample("math"), "--fun", "add", "--params", "[1]").err())
        .startsWith("ipvm: BadParams: 'add' takes 2 params");
  }

  @Test
  void inspectListsExportsAndAccepts() {
    CliTest.Result r = run("", "wasm", "inspect", sample("image"));
    assertThat(r.code()).isZero();
    assertThat(r.text()).contains("function crop (i32, i32) -> (i64)").contains("memory memory")
        .contains("imports  (none)").endsWith("accepted" + System.lineSeparator());
  }

  @Test
  void inspectSaysWhyAModuleIsRejected(@TempDir Path dir) throws Exception {
    Path wasm = dir.resolve("imports.wasm");
    Files.write(wasm, com.dylibso.chicory.wabt.Wat2Wasm.parse(
        "(module (import \"env\" \"now\" (func (result i64))) (func (export \"f\")))"));
    CliTest.Result r = run("", "wasm", "inspect", wasm.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.text()).contains("function env.now").contains("rejected    ForbiddenImport: the module imports env.now (function)");
  }
}
