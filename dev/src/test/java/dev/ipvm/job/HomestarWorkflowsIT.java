package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Homestar's two-part workflows, as a user runs them: {@code ipvm workflow run} (the CLI's jar, as
 * a process) against the job on a MiniCluster and the real broker. Part one runs a task; part two,
 * another document, awaits it by the Instruction CID Homestar would compute for it, and gets its
 * value; awaiting an instruction no workflow ran is an error before anything is published.
 * Homestar's own fixtures name Homestar's module, which runs only with the canonical ABI and its
 * host imports (issue 17, parts 1 and 2): here the same shapes run the sample math.wasm.
 */
class HomestarWorkflowsIT {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static JobHarness h;
  static Cid math;

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    // Homestar's image fixture asks for no fuel, and its crop takes ~3.2e9: the job's limits.fuel is raised
    h = new JobHarness(TestBroker.bootstrap(), b -> b.defaults(new dev.ipvm.wasm.Limits(10_000_000_000L,
        dev.ipvm.wasm.Limits.DEFAULT.memoryBytes(), dev.ipvm.wasm.Limits.DEFAULT.time(),
        dev.ipvm.wasm.Limits.DEFAULT.outputBytes())), c -> c.setString("rest.port", "0")).start();
    math = h.putBlock(JobHarness.sample("math.wasm"));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** A Homestar instruction: math.wasm's add with {@code args} (DAG-JSON), nonce {@code nnc}. */
  static String run(String args, String nnc) {
    return "{\"input\": {\"args\": " + args + ", \"func\": \"add\"}, \"nnc\": \"" + nnc + "\", \"op\": \"wasm/run\","
        + " \"rsc\": \"ipfs://" + math + "\"}";
  }

  /** A one-task Homestar workflow document, with Homestar's meta. */
  static String document(String run) {
    return "{\"tasks\": [{\"cause\": null, \"meta\": {\"fuel\": 18446744073709552000, \"memory\": 4294967296,"
        + " \"time\": 100000}, \"prf\": [], \"run\": " + run + "}]}";
  }

  /** Homestar's Instruction CID: dag-cbor, sha3-256 of the run map. */
  static Cid instruction(String run) {
    return DagCbor.cid(DagJson.decode(run.getBytes(StandardCharsets.UTF_8)), HashAlgorithm.SHA3_256);
  }

  static String await(Cid instruction) {
    return "{\"await/ok\": {\"/\": \"" + instruction + "\"}}";
  }

  Run ipvm(String... args) throws Exception {
    String prefix = h.topics.invocations().substring(0, h.topics.invocations().length() - "ipvm.invocations".length());
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", ROOT.resolve("client").resolve(buildDir()).resolve("ipvm.jar").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix));
    Path out = Files.createTempFile(dir, "run", ".out");
    Path err = Files.createTempFile(dir, "run", ".err");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code ipvm workflow run FILE} with KEY, waiting up to 90 s, without progress lines. */
  Run workflow(Path file, Path key, String out) throws Exception {
    return ipvm("workflow", "run", file.toString(), "--key", key.toString(), "--out", out, "--timeout", "90",
        "--progress", "none");
  }

  Path write(String name, String json) throws Exception {
    return Files.writeString(dir.resolve(name), json);
  }

  @Test
  void partTwoAwaitsTheTaskPartOneRan() throws Exception {
    Path alice = dir.resolve("alice.pem");
    Signer.generate().save(alice);
    Path bob = dir.resolve("bob.pem");
    Signer.generate().save(bob);
    // part one: add(1, 2), with a nonce as Homestar writes one (a plain string)
    String one = run("[1, 2]", "1sod60ml6g26mfhsrsa0");
    Cid i1 = instruction(one);
    Path partOne = write("part-one.json", document(one));
    Path partTwo = write("part-two.json", document(run("[" + await(i1) + ", 10]", "")));

    // before part one ran, nothing says which task part two awaits: an error, nothing published
    Run early = workflow(partTwo, alice, "early");
    assertThat(early.code()).as(early.err()).isEqualTo(1);
    assertThat(early.out()).isEmpty();
    assertThat(early.err()).contains("part-two.json: task #1 awaits instruction " + i1
        + ", which is no task of this workflow").contains("searched: the invocations on " + h.topics.invocations());

    Run first = workflow(partOne, alice, "one");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("#1: 3" + System.lineSeparator());

    Run second = workflow(partTwo, alice, "two");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo("#1: 13" + System.lineSeparator());

    // another user's part two finds the same task (theirs never ran) and reads its receipt
    Run other = workflow(partTwo, bob, "other");
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(other.out()).isEqualTo("#1: 13" + System.lineSeparator());
  }

  /**
   * Homestar's own add-one fixtures, unchanged, with Homestar's own module (example_test.wasm,
   * committed by the canonical ABI's tests) published by {@code ipvm put} under the UnixFS CID the
   * fixtures name: the values Homestar's tests expect (add_one of 1, then of each result).
   */
  @Test
  void homestarsOwnAddOneFixturesRunUnchanged() throws Exception {
    Path key = dir.resolve("me.pem");
    Signer.generate().save(key);
    Run put = ipvm("put", ROOT.resolve("functions/src/test/resources/homestar/example_test.wasm").toString());
    assertThat(put.code()).as(put.err()).isZero();
    assertThat(put.err()).contains("unixfs bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq");
    Path fixtures = ROOT.resolve("client/src/test/resources/homestar");
    String nl = System.lineSeparator();

    Run addOne = workflow(fixtures.resolve("test-workflow-add-one.json"), key, "add-one");
    assertThat(addOne.code()).as(addOne.err()).isZero();
    assertThat(addOne.out()).isEqualTo("#1: 2" + nl + "#2: 3" + nl);

    Run nonced = workflow(fixtures.resolve("test-workflow-add-one-nonced.json"), key, "nonced");
    assertThat(nonced.code()).as(nonced.err()).isZero();
    assertThat(nonced.out()).isEqualTo("#1: 2" + nl + "#2: 3" + nl + "#3: 4" + nl);

    Run one = workflow(fixtures.resolve("test-workflow-add-one-part-one.json"), key, "part-one");
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).isEqualTo("#1: 2" + nl);
    // part two awaits part one as it was before Homestar changed its module (the fixtures' README)
    Run two = workflow(fixtures.resolve("test-workflow-add-one-part-two.json"), key, "part-two");
    assertThat(two.code()).as(two.err()).isEqualTo(1);
    assertThat(two.err()).contains("awaits instruction bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54,"
        + " which is no task of this workflow");
  }

  /**
   * Homestar's image pipeline fixture, unchanged: crop names its input by the UnixFS CID of
   * Homestar's synthcat.png (published by {@code ipvm put}), which the job passes as the image's
   * bytes (inputs by CID); rotate90 and grayscale await the results before them.
   */
  @Test
  void homestarsImagePipelineFixtureRunsUnchanged() throws Exception {
    Path key = dir.resolve("me.pem");
    Signer.generate().save(key);
    Path homestar = ROOT.resolve("functions/src/test/resources/homestar");
    for (String[] file : new String[][] {{"example_test.wasm", "bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq"},
        {"synthcat.png", "bafybeiejevluvtoevgk66plh5t6xiy3ikyuuxg3vgofuvpeckb6eadresm"}}) {
      Run put = ipvm("put", homestar.resolve(file[0]).toString());
      assertThat(put.code()).as(put.err()).isZero();
      assertThat(put.err()).contains("unixfs " + file[1]);
    }
    Run pipeline = workflow(ROOT.resolve("client/src/test/resources/homestar/test-workflow-image-pipeline.json"), key,
        "pipeline");
    assertThat(pipeline.code()).as(pipeline.err()).isZero();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("#(\\d): written to (\\S+) \\(\\d+ bytes\\)")
        .matcher(pipeline.out());
    java.util.Map<String, java.awt.image.BufferedImage> images = new java.util.HashMap<>();
    while (m.find()) {
      images.put(m.group(1), javax.imageio.ImageIO.read(dir.resolve(m.group(2)).toFile()));
    }
    assertThat(images).as(pipeline.out()).containsOnlyKeys("1", "2", "3");
    java.awt.image.BufferedImage cat = javax.imageio.ImageIO.read(homestar.resolve("synthcat.png").toFile());
    java.awt.image.BufferedImage crop = images.get("1");
    java.awt.image.BufferedImage rotated = images.get("2");
    java.awt.image.BufferedImage gray = images.get("3");
    assertThat(crop.getWidth()).isEqualTo(500);
    assertThat(crop.getHeight()).isEqualTo(500);
    for (int[] p : new int[][] {{0, 0}, {123, 456}, {499, 499}, {250, 7}}) {
      // crop(150, 350, 500, 500), then a quarter turn clockwise, then gray
      assertThat(crop.getRGB(p[0], p[1]) & 0xFFFFFF).isEqualTo(cat.getRGB(150 + p[0], 350 + p[1]) & 0xFFFFFF);
      assertThat(rotated.getRGB(p[0], p[1]) & 0xFFFFFF).isEqualTo(crop.getRGB(p[1], 499 - p[0]) & 0xFFFFFF);
      int g = gray.getRGB(p[0], p[1]);
      assertThat((g >> 16) & 0xFF).isEqualTo(g & 0xFF).isEqualTo((g >> 8) & 0xFF);
    }
  }

  private static String buildDir() {
    try {
      return Path.of(HomestarWorkflowsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent().getFileName().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
