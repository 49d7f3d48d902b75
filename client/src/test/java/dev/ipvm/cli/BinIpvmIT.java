package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.testing.TestTopics;
import dev.ipvm.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ipvm} run as separate processes, the way a user runs it, after {@code package}
 * has built {@code client/target/ipvm.jar} (so the launcher does not rebuild; with
 * {@code -Dipvm.buildDir=X} the launcher is told {@code IPVM_BUILD_DIR=X}).
 */
class BinIpvmIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path IPVM = ROOT.resolve("bin/ipvm");
  /** This build's directory name (target, or -Dipvm.buildDir's), so bin/ipvm runs the jar just built. */
  private static final String BUILD_DIR = buildDir();

  record Run(int code, String out, String err) {}

  static Run ipvm(Path dir, String stdinFile, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(concat(IPVM.toString(), args)).directory(dir.toFile());
    pb.environment().put("IPVM_BUILD_DIR", BUILD_DIR);
    pb.environment().remove("IPVM_BOOTSTRAP");
    if (stdinFile != null) {
      pb.redirectInput(dir.resolve(stdinFile).toFile());
    }
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/ipvm finished").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void helpWorksWithoutABuildStep(@TempDir Path dir) throws Exception {
    Run r = ipvm(dir, null, "dag", "cid", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: ipvm dag cid").contains("--codec");
    assertThat(r.err()).as("no rebuild after package").doesNotContain("building");
  }

  @Test
  void keyInvocationInspectAsProcesses(@TempDir Path dir) throws Exception {
    Run key = ipvm(dir, null, "key", "new", "--out", "me.pem");
    assertThat(key.code()).as(key.err()).isZero();
    Run inv = ipvm(dir, null, "invocation", "new", "--key", "me.pem", "--cmd", "/wasm/run", "--empty-nonce",
        "--args", "{\"fun\":\"add\",\"params\":[20,22]}", "--out", "inv.cbor");
    assertThat(inv.code()).as(inv.err()).isZero();
    Run inspect = ipvm(dir, "inv.cbor", "invocation", "inspect");
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out()).contains("issuer      " + key.out().strip()).contains("signature   valid");

    Files.writeString(dir.resolve("hello.txt"), "hello world", StandardCharsets.UTF_8);
    Run cid = ipvm(dir, "hello.txt", "dag", "cid", "--codec", "raw");
    assertThat(cid.out().strip()).isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  }

  @Test
  void runsASampleWasmFunction(@TempDir Path dir) throws Exception {
    String samples = ROOT.resolve("functions/src/main/resources/samples").toString();
    Run ok = ipvm(dir, null, "wasm", "run", samples + "/math.wasm", "--fun", "fib", "--params", "[50]");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out().strip()).isEqualTo("12586269025");
    Run crop = ipvm(dir, null, "wasm", "run", samples + "/image.wasm", "--fun", "grayscale",
        "--bytes-param", ROOT.resolve("functions/samples/images/sample.ppm").toString(), "--out", "gray.ppm");
    assertThat(crop.code()).as(crop.err()).isZero();
    assertThat(Files.size(dir.resolve("gray.ppm"))).isEqualTo(Files.size(ROOT.resolve("functions/samples/images/sample.ppm")));
  }

  @Test
  void workflowTasksAsAProcess(@TempDir Path dir) throws Exception {
    Files.copy(ROOT.resolve("functions/src/main/resources/samples/math.wasm"), dir.resolve("math.wasm"));
    assertThat(ipvm(dir, null, "key", "new", "--out", "me.pem").code()).isZero();
    Files.writeString(dir.resolve("wf.json"), "{\"tasks\": ["
        + "{\"name\": \"b\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [{\"await/ok\": \"a\"}, 1]}},"
        + "{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}}]}");
    Run tasks = ipvm(dir, null, "workflow", "tasks", "--key", "me.pem", "wf.json");
    assertThat(tasks.code()).as(tasks.err()).isZero();
    assertThat(tasks.out().lines().toList()).hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).matches("b  bafyrei[a-z2-7]+  awaits a"))
        .satisfies(l -> assertThat(l.get(1)).matches("a  bafyrei[a-z2-7]+"));

    Files.writeString(dir.resolve("cycle.json"), "{\"tasks\": ["
        + "{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [{\"await/ok\": \"b\"}]}},"
        + "{\"name\": \"b\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [{\"await/ok\": \"a\"}]}}]}");
    Run cycle = ipvm(dir, null, "workflow", "run", "--key", "me.pem", "--bootstrap", "127.0.0.1:1", "cycle.json");
    assertThat(cycle.code()).isEqualTo(1);
    assertThat(cycle.err()).isEqualTo("ipvm: cycle.json: tasks await each other in a cycle: \"a\" -> \"b\" -> \"a\""
        + " (\"a\" -> \"b\": a awaits b)\n");
  }

  @Test
  void badInputExitsNonZeroWithOneLine(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("bad.cbor"), new byte[] {(byte) 0xf9, 0x3c, 0x00});
    Run r = ipvm(dir, "bad.cbor", "dag", "cid");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("ipvm: dag-cbor: floats must be encoded as 64-bit at byte 0 (16-bit float)");
    assertThat(List.of(r.err().strip().split("\n"))).hasSize(1);
  }

  @Test
  void putAndReceiptsAgainstARealBroker(@TempDir Path dir) throws Exception {
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir.resolve("kafka")).build().start()) {
      Topics t = Topics.DEFAULT;
      TestTopics.create(broker.bootstrap(), new NewTopic(t.blocks(), 1, (short) 1), new NewTopic(t.receipts(), 1, (short) 1));
      Files.writeString(dir.resolve("hello.txt"), "hello world", StandardCharsets.UTF_8);
      Run put = ipvm(dir, null, "put", "--bootstrap", broker.bootstrap(), "hello.txt");
      assertThat(put.code()).as(put.err()).isZero();
      assertThat(put.out().strip()).isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
      assertThat(put.err().strip()).as("nothing but the UnixFS line: kafka-clients stays quiet")
          .isEqualTo("unixfs bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e (one chunk: the raw block itself)");

      Run receipts = ipvm(dir, null, "receipts", "--bootstrap", broker.bootstrap());
      assertThat(receipts.code()).as(receipts.err()).isZero();
      assertThat(receipts.out()).isEmpty();
      assertThat(receipts.err()).isEmpty();

      Run noTopic = ipvm(dir, null, "receipts", "--bootstrap", broker.bootstrap(), "--topic-prefix", "x.");
      assertThat(noTopic.code()).isEqualTo(1);
      assertThat(noTopic.err()).startsWith("ipvm: topic x.ipvm.receipts does not exist");

      // run names the missing topic (found through its consumer, not an admin client), and a
      // failed run leaves no class-data archive behind: it loaded too little to be worth one
      Path target = Path.of("").toAbsolutePath().resolve(BUILD_DIR);
      Map<String, FileTime> archivesBefore = archives(target);
      assertThat(ipvm(dir, null, "key", "new", "--out", "me.pem").code()).isZero();
      Run run = ipvm(dir, null, "run", "--key", "me.pem", "--bootstrap", broker.bootstrap(),
          MATH.toAbsolutePath().toString(), "--fun", "add", "1", "2");
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().strip()).startsWith("ipvm: topic ipvm.invocations does not exist on " + broker.bootstrap())
          .doesNotContain(System.lineSeparator());
      assertThat(archives(target)).as("no archive recorded or half-written").isEqualTo(archivesBefore);

    }
  }

  /** The launcher's class-data archives (ipvm-JAVA.jsa, and ipvm-JAVA.jsa.PID while recorded) and their times. */
  private static Map<String, FileTime> archives(Path target) throws IOException {
    Map<String, FileTime> out = new TreeMap<>();
    try (var files = Files.list(target)) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches("ipvm-\\d+\\.jsa.*")).toList()) {
        out.put(f.getFileName().toString(), Files.getLastModifiedTime(f));
      }
    }
    return out;
  }

  private static final Path MATH = Path.of("../functions/src/main/resources/samples/math.wasm");

  private static String buildDir() {
    try {
      // .../client/<build dir>/test-classes
      return Path.of(BinIpvmIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent().getFileName().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] concat(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
