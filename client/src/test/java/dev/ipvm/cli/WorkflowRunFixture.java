package dev.ipvm.cli;

import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of {@code ipvm workflow run} and {@code tasks} share: in-process against the test
 * broker, the executor the test stand-in {@link FakeExecutor} (awaits answered from the receipts it
 * wrote), so they check the client's side; sample modules and an image next to the workflow file.
 * {@code bin/ipvm workflow run} against the real Flink job is tested in jobs/.
 */
abstract class WorkflowRunFixture {
  static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  static final String NL = System.lineSeparator();

  @TempDir
  Path dir;
  Path key;
  Path out;
  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  @BeforeEach
  void files() throws Exception {
    for (String f : List.of("image.wasm", "math.wasm")) {
      Files.copy(SAMPLES.resolve(f), dir.resolve(f));
    }
    Files.createDirectories(dir.resolve("images"));
    Files.copy(Path.of("../functions/samples/images/sample.ppm"), dir.resolve("images/sample.ppm"));
    key = dir.resolve("me.pem");
    Signer.generate().save(key);
    out = dir.resolve("out");
  }

  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("w", 2);
  }

  FakeExecutor executor(Topics t) {
    return executors.start(t);
  }

  /**
   * {@code ipvm workflow run FILE ARGS...} against the test broker, with {@code --progress lines}
   * and {@code --timeout 30} unless ARGS say otherwise.
   */
  CliTest.Result run(Topics t, Path file, String... args) {
    List<String> all = new ArrayList<>(List.of("workflow", "run", file.toString(), "--key", key.toString(),
        "--out", out.toString(), "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", TestDeployment.prefix(t)));
    List<String> given = List.of(args);
    if (!given.contains("--timeout")) {
      all.addAll(List.of("--timeout", "30"));
    }
    if (!given.contains("--progress")) {
      all.addAll(List.of("--progress", "lines"));
    }
    all.addAll(given);
    return CliTest.run("", all.toArray(String[]::new));
  }

  Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  /** crop (bytes from a file) -> rotate (awaits crop); sum and an unnamed task await nothing. */
  Path imageWorkflow() throws Exception {
    return write("pipeline.json", "{\"tasks\": ["
        + "{\"name\": \"rotate\", \"run\": {\"mod\": \"image.wasm\", \"fun\": \"rotate90\","
        + "  \"params\": [{\"await/ok\": \"crop\"}]}},"
        + "{\"name\": \"crop\", \"run\": {\"mod\": \"image.wasm\", \"fun\": \"crop\","
        + "  \"params\": [{\"file\": \"images/sample.ppm\"}, 10, 20, 128, 96]}, \"meta\": {\"fuel\": 1000000000}},"
        + "{\"name\": \"sum\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [20, 22]}},"
        + "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"fib\", \"params\": [10]}}"
        + "]}");
  }

  /**
   * Waits until the clock is past {@code iat}: invocations are signed with {@code iat} in seconds,
   * so a second run within the same second signs identical invocations.
   */
  static void nextSecond(long iat) throws InterruptedException {
    while (System.currentTimeMillis() / 1000 <= iat) {
      Thread.sleep(20);
    }
  }
}
