package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inputs by CID in a real job: Homestar's own test module (example_test.wasm) given links where
 * its WIT signatures want {@code list<u8>} (crop, an image) or {@code string} (append-string), as
 * Homestar's image pipeline names its input image by CID. The blocks go to the blocks topic as
 * {@code ipvm put} sends them. One MiniCluster for the class.
 */
class InputsByCidIT {
  /** Above Homestar's synthcat.png (1.86 MB). */
  static final int MAX_INPUT = 2 << 20;
  static JobHarness h;
  static Cid module;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness(b -> b.maxInputBytes(MAX_INPUT).moduleWait(Duration.ofSeconds(5))).start();
    module = h.putBlock(JobHarness.homestarTestModule());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void linksStandForTheirBlocksBytes() throws Exception {
    BufferedImage small = gradient(40, 30);
    Cid smallPng = h.putBlock(png(small)); // one raw block
    BufferedImage noise = noise(300, 300, 17);
    byte[] largePng = png(noise);
    assertThat(largePng.length).as("a file of more than one chunk").isBetween(262_145, MAX_INPUT);
    Cid largeFile = h.putFile(largePng); // a dag-pb root over two raw chunks
    assertThat(largeFile.codec()).isEqualTo(Multicodec.DAG_PB);
    Cid text = h.putBlock("jimmy eat".getBytes(StandardCharsets.UTF_8));
    Cid textFile = h.putFile("world's end".getBytes(StandardCharsets.UTF_8));
    Cid notUtf8 = h.putBlock(new byte[] {'a', (byte) 0xC3, 0x28});
    Cid tooLarge = h.putFile(new byte[MAX_INPUT + 1]);
    Cid directory = emptyDirectory();

    Signed<Invocation> cropSmall = h.invocation(module, "crop", Ipld.link(smallPng), Ipld.integer(5), Ipld.integer(4),
        Ipld.integer(20), Ipld.integer(10));
    Signed<Invocation> cropLarge = h.invocation(module, "crop", Ipld.link(largeFile), Ipld.integer(250),
        Ipld.integer(280), Ipld.integer(30), Ipld.integer(15));
    Signed<Invocation> appendBlock = h.invocation(module, "append_string", Ipld.link(text));
    Signed<Invocation> appendFile = h.invocation(module, "append_string", Ipld.link(textFile));
    Signed<Invocation> badText = h.invocation(module, "append_string", Ipld.link(notUtf8));
    Signed<Invocation> oversized = h.invocation(module, "crop", Ipld.link(tooLarge), Ipld.integer(0), Ipld.integer(0),
        Ipld.integer(1), Ipld.integer(1));
    Signed<Invocation> noFile = h.invocation(module, "append_string", Ipld.link(directory));
    Map<Signed<Invocation>, Outcome> out = run(List.of(cropSmall, cropLarge, appendBlock, appendFile, badText,
        oversized, noFile));

    assertCrop(out.get(cropSmall), small, 5, 4, 20, 10);
    assertCrop(out.get(cropLarge), noise, 250, 280, 30, 15);
    assertThat(out.get(appendBlock)).isEqualTo(new Outcome.Ok(Ipld.text("jimmy eat\nworld")));
    assertThat(out.get(appendFile)).isEqualTo(new Outcome.Ok(Ipld.text("world's end\nworld")));
    assertThat(errorName(out.get(badText))).isEqualTo("InputNotUtf8");
    assertThat(errorName(out.get(oversized))).isEqualTo("InputTooLarge");
    assertThat(((Outcome.Error) out.get(oversized)).message()).contains("input.max.bytes");
    assertThat(errorName(out.get(noFile))).isEqualTo("InputNotAFile");
  }

  @Test
  void homestarsImagePipelineInputByTheCidItsFixtureNames() throws Exception {
    // Homestar's test-workflow-image-pipeline.json crops bafybei…resm: its synthcat.png as ipfs add chunks it
    byte[] cat = Files.readAllBytes(Path.of("../functions/src/test/resources/homestar/synthcat.png"));
    Cid file = h.putFile(cat);
    assertThat(file).hasToString("bafybeiejevluvtoevgk66plh5t6xiy3ikyuuxg3vgofuvpeckb6eadresm");
    // the crop of a 1080x1080 PNG takes ~3.2e9 fuel, more than the default limits.fuel
    Signed<Invocation> crop = h.invocation(new dev.ipvm.task.WasmRun(new dev.ipvm.task.WasmRun.ModuleRef.Linked(module),
        "crop", List.of(Ipld.link(file), Ipld.integer(150), Ipld.integer(350), Ipld.integer(500), Ipld.integer(500))),
        Ipld.Map.builder().put("fuel", 10_000_000_000L).put("time", 60_000).build());
    assertCrop(run(List.of(crop)).get(crop), ImageIO.read(new ByteArrayInputStream(cat)), 150, 350, 500, 500);
  }

  @Test
  void aBlockThatNeverComesIsInputNotFoundAndNotRemembered() throws Exception {
    byte[] later = "published too late".getBytes(StandardCharsets.UTF_8);
    Cid cid = Cid.of(Multicodec.RAW, later);
    Signed<Invocation> first = h.invocation(module, "append_string", Ipld.link(cid));
    Outcome missing = run(List.of(first)).get(first);
    assertThat(errorName(missing)).isEqualTo("InputNotFound");
    assertThat(((Outcome.Error) missing).message()).contains(cid.toString());
    // the same task again once the block is there: the error was not memoized
    h.putBlock(later);
    Signed<Invocation> again = h.invocation(module, "append_string", Ipld.link(cid));
    assertThat(run(List.of(again)).get(again)).isEqualTo(new Outcome.Ok(Ipld.text("published too late\nworld")));
  }

  @Test
  void linksStayLinksWhereTheSignatureWantsNoBytes() throws Exception {
    // join-strings wants strings: a link to a dag-cbor block is no file, so it stays its CID text
    Cid cbor = Cid.of(Multicodec.DAG_CBOR, dev.ipvm.dagcbor.DagCbor.encode(Ipld.integer(1)));
    Signed<Invocation> join = h.invocation(module, "join_strings", Ipld.link(cbor), Ipld.text("!"));
    assertThat(run(List.of(join)).get(join)).isEqualTo(new Outcome.Ok(Ipld.text(cbor + "!")));
  }

  /** An empty UnixFS directory (Data: Type = Directory), published as a dag-pb block. */
  private static Cid emptyDirectory() throws Exception {
    byte[] block = dev.ipvm.unixfs.DagPb.encode(List.of(), new byte[] {0x08, 0x01});
    Cid cid = Cid.of(Multicodec.DAG_PB, block);
    h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.blocks(),
        cid.toString().getBytes(StandardCharsets.UTF_8), block)).get();
    return cid;
  }

  private static Map<Signed<Invocation>, Outcome> run(List<Signed<Invocation>> invs) throws Exception {
    Map<Signed<Invocation>, Outcome> out = new HashMap<>();
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (Signed<Invocation> inv : invs) {
        h.publish(inv);
      }
      Map<String, ConsumerRecord<byte[], byte[]>> byInvocation = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> rec : receipts.receiptsFor(
          invs.stream().map(i -> i.cid().toString()).toList(), Duration.ofSeconds(120), Duration.ZERO)) {
        byInvocation.put(JobHarness.key(rec), rec);
      }
      for (Signed<Invocation> inv : invs) {
        ConsumerRecord<byte[], byte[]> rec = byInvocation.get(inv.cid().toString());
        assertThat(rec).as("the receipt for %s", inv.payload().args()).isNotNull();
        out.put(inv, JobHarness.receipt(rec).payload().out());
      }
    }
    return out;
  }

  private static String errorName(Outcome o) {
    assertThat(o).as(String.valueOf(o)).isInstanceOf(Outcome.Error.class);
    return ((Outcome.Error) o).name();
  }

  private static void assertCrop(Outcome o, BufferedImage source, int x, int y, int w, int hgt) throws Exception {
    assertThat(o).as(String.valueOf(o)).isInstanceOf(Outcome.Ok.class);
    byte[] png = ((Ipld.Bytes) ((Outcome.Ok) o).value()).toByteArray();
    BufferedImage c = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(c.getWidth()).isEqualTo(w);
    assertThat(c.getHeight()).isEqualTo(hgt);
    int[] got = new int[w * hgt];
    int[] want = new int[w * hgt];
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < hgt; j++) {
        got[j * w + i] = c.getRGB(i, j) & 0xFFFFFF;
        want[j * w + i] = source.getRGB(x + i, y + j) & 0xFFFFFF;
      }
    }
    assertThat(got).as("the cropped pixels").isEqualTo(want);
  }

  private static BufferedImage gradient(int w, int hgt) {
    BufferedImage image = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < hgt; y++) {
        image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x40);
      }
    }
    return image;
  }

  /** Random pixels: PNG cannot compress them, so the file spans more than one chunk. */
  private static BufferedImage noise(int w, int hgt, long seed) {
    Random r = new Random(seed);
    BufferedImage image = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < hgt; y++) {
        image.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
