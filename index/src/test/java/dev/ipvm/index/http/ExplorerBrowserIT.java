package dev.ipvm.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.index.Receipts;
import dev.ipvm.index.ingest.IngestStatus;
import dev.ipvm.index.store.IndexBatch;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer page in a real browser: headless Chromium loads it from the index, runs its script
 * against the API, and the DOM and a screenshot show the receipts. Skipped, saying so, where no
 * Chromium is installed (Debian: apt-get install chromium).
 */
class ExplorerBrowserIT {
  private final Receipts receipts = new Receipts();
  private final Signed<Invocation> inv = receipts.invocation(1);
  private final Cid image = Cid.of(Multicodec.RAW, "P6\n1 1\n255\nabc".getBytes(StandardCharsets.US_ASCII));
  private final Signed<Receipt> produced = receipts.producing(inv, image);
  private final Signed<Invocation> next = receipts.awaiting(inv);
  private final Signed<Receipt> nextReceipt = receipts.receipt(next, 5);
  private Signed<Receipt> memo;
  private final byte[] redPpm = ppm(255, 0, 0);
  // an image held only as a block (as on ipvm.blocks), which a receipt's value links
  private final byte[] bluePpm = ppm(0, 0, 255);
  private final Cid blueBlock = Cid.of(Multicodec.RAW, bluePpm);
  private final Signed<Receipt> linking = receipts.producing(receipts.invocation(3), blueBlock);
  private final Signed<Receipt> picture = receipts.receipt(receipts.invocation(2),
      new dev.ipvm.receipt.Outcome.Ok(Ipld.Map.builder().put("image", Ipld.Bytes.of(redPpm)).build()));
  @TempDir
  Path dir;
  private IndexStore store;
  private ApiServer server;
  private String chromium;

  @BeforeEach
  void start() throws Exception {
    chromium = List.of("chromium", "chromium-browser", "google-chrome").stream()
        .map(ExplorerBrowserIT::onPath).filter(p -> p != null).findFirst().orElse(null);
    Assumptions.assumeTrue(chromium != null, "no Chromium on PATH (apt-get install chromium): the browser test is skipped");
    Signed<Invocation> again = receipts.invocation(1);
    Ipld.Map meta = Ipld.Map.builder().put("fuel", 42).put("memo", Ipld.link(produced.cid()))
        .put("task", Ipld.link(again.payload().taskId())).build();
    memo = Signed.sign(receipts.executor, new Receipt(receipts.executor.did().toString(), again.cid(),
        produced.payload().out(), Effects.NONE, meta, List.of(), 1_800_000_000L));
    store = IndexStore.open(dir.resolve("index"), false);
    IndexBatch b = store.batch();
    for (Signed<Invocation> i : List.of(inv, next)) {
      b.addInvocation(i.cid(), i.payload().iss(), i.bytes(), Await.awaited(i.payload().args()));
    }
    for (Signed<Receipt> r : List.of(produced, memo, picture, nextReceipt, linking)) {
      b.addReceipt(r.cid(), r.bytes(), r.payload().ran(), r.payload().taskId(), OutputCids.of(r.payload().out()));
    }
    b.addBlock(blueBlock, bluePpm);
    store.write(b);
    server = new ApiServer(store, new IngestStatus(), new InetSocketAddress("127.0.0.1", 0)).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      store.close();
    }
  }

  private static String onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name).toString();
      }
    }
    return null;
  }

  private String url(String q) {
    return "http://127.0.0.1:" + server.port() + "/?q=" + q;
  }

  /** Chromium, headless, with its own profile; its standard output. */
  private String chromium(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
        "--virtual-time-budget=15000"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void aReceiptWithItsMarksTheReceiptItReusedAndWhatProducedAnOutput() throws Exception {
    String dom = chromium("--dump-dom", url(memo.cid().toString()));
    assertThat(dom).contains("data-receipt=\"" + memo.cid() + "\"")
        .contains(">memo<").contains(">ok<").contains(">42<")           // marks, outcome, fuel
        .contains("?q=" + produced.cid())                                // the receipt it reused, as a link
        .contains("?q=" + image)                                         // the image link in its value
        .doesNotContain("data-block=");                                  // whose block the index does not hold

    String producedBy = chromium("--dump-dom", url(image.toString()));
    assertThat(producedBy).contains("produced by").contains("2 receipts")
        .contains("data-receipt=\"" + produced.cid() + "\"").contains("data-receipt=\"" + memo.cid() + "\"");

    // its invocation's args, and the task that awaits it; the awaiting task's args link back
    String withArgs = chromium("--dump-dom", url(produced.cid().toString()));
    assertThat(withArgs).contains("data-done=\"true\"").contains(">/wasm/run<").contains("awaited by")
        .contains("?q=" + next.payload().taskId());
    // the workflow around it: its task and the one awaiting it, as a graph with an edge
    assertThat(withArgs).contains("class=\"graph\"").contains("data-task=\"" + inv.payload().taskId() + "\"")
        .contains("data-task=\"" + next.payload().taskId() + "\"").contains("data-status=\"ok\"").contains("<line");
    String downstream = chromium("--dump-dom", url(nextReceipt.cid().toString()));
    assertThat(downstream).contains("await/ok").contains("?q=" + inv.payload().taskId());

    String issuer = chromium("--dump-dom", url(inv.payload().iss()));
    assertThat(issuer).contains("issued by").contains("data-receipt=\"" + produced.cid() + "\"");

    assertThat(chromium("--dump-dom", url("bnot-a-cid"))).contains("id=\"problem\"").contains("is not a CID");
  }

  @Test
  void theScreenshotShowsAnOkCard() throws Exception {
    Path png = dir.resolve("shot.png");
    chromium("--hide-scrollbars", "--window-size=1000,700", "--screenshot=" + png, url(inv.cid().toString()));
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot).as("a screenshot").isNotNull();
    int okBorder = 0;
    int header = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y) & 0xFFFFFF;
        okBorder += near(rgb, 0x2a9d8f) ? 1 : 0;  // the ok card's border and badge
        header += near(rgb, 0x1d3557) ? 1 : 0;
      }
    }
    assertThat(header).as("the header's pixels").isGreaterThan(10_000);
    assertThat(okBorder).as("an ok card's green pixels").isGreaterThan(300);
  }

  @Test
  void theWorkflowGraphIsDrawn() throws Exception {
    Path png = dir.resolve("graph.png");
    chromium("--hide-scrollbars", "--window-size=1000,900", "--screenshot=" + png, url(nextReceipt.cid().toString()));
    BufferedImage shot = ImageIO.read(png.toFile());
    int okNodes = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        okNodes += near(shot.getRGB(x, y) & 0xFFFFFF, 0x52b788) ? 1 : 0;
      }
    }
    assertThat(okNodes).as("two ok nodes' fill (150x64 each, less their labels)").isGreaterThan(2 * 6000);
  }

  @Test
  void anImageOutputIsShownAndOfferedForDownload() throws Exception {
    Cid file = Cid.of(Multicodec.RAW, redPpm);
    String dom = chromium("--dump-dom", url(file.toString()));
    assertThat(dom).contains("produced by").contains("data-receipt=\"" + picture.cid() + "\"")
        .contains("<canvas").contains("download " + redPpm.length + " bytes");
    Path png = dir.resolve("image.png");
    chromium("--hide-scrollbars", "--window-size=1000,900", "--screenshot=" + png, url(file.toString()));
    BufferedImage shot = ImageIO.read(png.toFile());
    int red = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        red += near(shot.getRGB(x, y) & 0xFFFFFF, 0xFF0000) ? 1 : 0;
      }
    }
    assertThat(red).as("the red image's pixels, drawn 256 px wide").isGreaterThan(200 * 200);
  }

  @Test
  void anImageHeldAsABlockThatAValueLinksIsShown() throws Exception {
    String dom = chromium("--dump-dom", url(linking.cid().toString()));
    assertThat(dom).contains("data-block=\"" + blueBlock + "\"").contains("<canvas")
        .contains("download " + bluePpm.length + " bytes");
    Path png = dir.resolve("block.png");
    chromium("--hide-scrollbars", "--window-size=1000,900", "--screenshot=" + png, url(linking.cid().toString()));
    BufferedImage shot = ImageIO.read(png.toFile());
    int blue = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        blue += near(shot.getRGB(x, y) & 0xFFFFFF, 0x0000FF) ? 1 : 0;
      }
    }
    assertThat(blue).as("the blue block's pixels, drawn 256 px wide").isGreaterThan(200 * 200);
  }

  /** An 8x8 PPM, every pixel of one colour. */
  private static byte[] ppm(int r, int g, int b) {
    byte[] header = "P6\n8 8\n255\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(header, header.length + 8 * 8 * 3);
    for (int p = 0; p < 64; p++) {
      out[header.length + 3 * p] = (byte) r;
      out[header.length + 3 * p + 1] = (byte) g;
      out[header.length + 3 * p + 2] = (byte) b;
    }
    return out;
  }

  private static boolean near(int rgb, int want) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xFF) - ((want >> shift) & 0xFF)) > 12) {
        return false;
      }
    }
    return true;
  }
}
