package dev.ipvm.wasm.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Engine;
import dev.ipvm.wasm.ExportNames;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.host.GuestLog;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Homestar's own test module, as Homestar built it with wit-bindgen 0.21 (homestar-wasm/fixtures/
 * example_test.wasm at ipvm-wg/homestar 0f0a4f5, its WIT in homestar-functions/test/wit): a core
 * module with a component-type section, importing wasi:logging and Homestar's helpers. Its
 * functions give what Homestar's own tests expect of them (homestar-functions/test/src/lib.rs).
 */
class HomestarModuleTest {
  private static final WasmRuntime RUNTIME = new WasmRuntime(RuntimeConfig.builder().engine(Engine.COMPILER).build());
  private static final Limits LIMITS = new Limits(20_000_000_000L, 256L << 20, Duration.ofSeconds(60), 8 << 20);
  private static final byte[] MODULE = resource("/homestar/example_test.wasm");

  @AfterAll
  static void close() {
    RUNTIME.close();
  }

  static byte[] resource(String name) {
    try (InputStream in = HomestarModuleTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Ipld ok(String fun, Ipld... params) {
    return ok(RunContext.DEFAULT, fun, params);
  }

  private static Ipld ok(RunContext context, String fun, Ipld... params) {
    // names resolved as the job resolves them: add_one is the export add-one
    dev.ipvm.cid.Cid cid = dev.ipvm.cid.Cid.of(dev.ipvm.cid.Multicodec.RAW, MODULE);
    Outcome o = RUNTIME.run(cid, MODULE, ExportNames.resolve(RUNTIME, cid, MODULE, fun), List.of(params),
        LIMITS, Abi.Choice.AUTO, context);
    assertThat(o).as(o.toString()).isInstanceOf(Outcome.Ok.class);
    return ((Outcome.Ok) o).value();
  }

  @Test
  void theSectionDescribesEveryExport() {
    WorldExports world = WorldExports.of(MODULE);
    assertThat(world.functions()).extracting(WitFunction::name).contains("add-one", "append-string", "join-strings",
        "host-fmt-current-time", "transpose", "blur", "crop", "grayscale", "rotate90", "hash", "pop",
        "binary-search", "num-to-kv");
    assertThat(world.find("add-one").toString()).isEqualTo("add-one: func(a: s32) -> s32");
    assertThat(world.find("num-to-kv").toString())
        .isEqualTo("num-to-kv: func(num: result<u32, string>) -> record {name: string, val: option<u32>}");
  }

  @Test
  void numbersStringsAndLists() {
    assertThat(ok("add_one", Ipld.integer(41))).isEqualTo(Ipld.integer(42));
    assertThat(ok("append-string", Ipld.text("jimmy eat"))).isEqualTo(Ipld.text("jimmy eat\nworld"));
    assertThat(ok("join-strings", Ipld.text("abc"), Ipld.text("défg"))).isEqualTo(Ipld.text("abcdéfg"));
    Ipld matrix = Ipld.list(Ipld.list(Ipld.integer(1), Ipld.integer(2), Ipld.integer(3)),
        Ipld.list(Ipld.integer(4), Ipld.integer(5), Ipld.integer(6)));
    assertThat(ok("transpose", matrix)).isEqualTo(Ipld.list(Ipld.list(Ipld.integer(1), Ipld.integer(4)),
        Ipld.list(Ipld.integer(2), Ipld.integer(5)), Ipld.list(Ipld.integer(3), Ipld.integer(6))));
    assertThat(ok("hash", Ipld.text("hello"))).isInstanceOf(Ipld.Bytes.class);
    assertThat(((Ipld.Bytes) ok("hash", Ipld.text("hello"))).length()).isEqualTo(8);
  }

  @Test
  void optionsResultsAndRecords() {
    assertThat(ok("pop", Ipld.list(Ipld.integer(1), Ipld.integer(-7)))).isEqualTo(Ipld.integer(-7));
    assertThat(ok("pop", Ipld.list())).isEqualTo(Ipld.NULL);
    Ipld sorted = Ipld.list(Ipld.integer(1), Ipld.integer(3), Ipld.integer(5));
    assertThat(ok("binary-search", sorted, Ipld.integer(5))).isEqualTo(Ipld.list(Ipld.integer(2), Ipld.NULL));
    assertThat(ok("binary-search", sorted, Ipld.integer(4))).isEqualTo(Ipld.list(Ipld.NULL, Ipld.integer(1)));
    assertThat(ok("num-to-kv", Ipld.list(Ipld.integer(7), Ipld.NULL)))
        .isEqualTo(Ipld.Map.builder().put("name", "7").put("val", Ipld.integer(7)).build());
    assertThat(ok("num-to-kv", Ipld.list(Ipld.NULL, Ipld.text("no"))))
        .isEqualTo(Ipld.Map.builder().put("name", "NAN").put("val", Ipld.NULL).build());
  }

  @Test
  void theClockIsVirtualAndTheLogIsTheRuns() {
    List<String> lines = new ArrayList<>();
    RunContext context = new RunContext((level, ctx, msg) -> lines.add(level + " " + ctx + " " + msg));
    Ipld first = ok(context, "host-fmt-current-time");
    assertThat(ok("host-fmt-current-time")).isEqualTo(first); // the same answer on every run
    assertThat(((Ipld.Text) first).value()).matches("\\d{2,}:\\d{2,}\\.\\d{3,}");
    assertThat(lines).containsExactly("INFO run-fn:host host_fmt_current_time");
  }

  @Test
  void theImagePipelineCropsRotatesAndGrays() throws IOException {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 40; x++) {
      for (int y = 0; y < 30; y++) {
        image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    Ipld cropped = ok("crop", Ipld.Bytes.wrap(png.toByteArray()), Ipld.integer(5), Ipld.integer(4),
        Ipld.integer(20), Ipld.integer(10));
    BufferedImage c = ImageIO.read(new ByteArrayInputStream(((Ipld.Bytes) cropped).toByteArray()));
    assertThat(c.getWidth()).isEqualTo(20);
    assertThat(c.getHeight()).isEqualTo(10);
    assertThat(c.getRGB(0, 0) & 0xFFFFFF).isEqualTo(image.getRGB(5, 4) & 0xFFFFFF);
    Ipld rotated = ok("rotate90", cropped);
    BufferedImage r = ImageIO.read(new ByteArrayInputStream(((Ipld.Bytes) rotated).toByteArray()));
    assertThat(r.getWidth()).isEqualTo(10);
    assertThat(r.getHeight()).isEqualTo(20);
    Ipld gray = ok("grayscale", rotated);
    BufferedImage g = ImageIO.read(new ByteArrayInputStream(((Ipld.Bytes) gray).toByteArray()));
    int px = g.getRGB(3, 3);
    assertThat((px >> 16) & 0xFF).isEqualTo(px & 0xFF);
    Ipld blurred = ok("blur", gray, new Ipld.Float(0.5));
    assertThat(ImageIO.read(new ByteArrayInputStream(((Ipld.Bytes) blurred).toByteArray())).getWidth()).isEqualTo(10);
  }
}
