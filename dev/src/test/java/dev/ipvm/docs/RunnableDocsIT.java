package dev.ipvm.docs;

import dev.ipvm.deploy.LocalBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every runnable block of README.md, docs/*.md and examples/README.md (docs/development.md, "Runnable docs"), run
 * against one real {@code bin/ipvm dev} started as a process on free ports and a fresh
 * IPVM_HOME: each block with {@code bash -euo pipefail} from the repository root, in file order,
 * with IPVM_HOME, IPVM_BOOTSTRAP and IPVM_FLINK set to the stack. So that no block writes into
 * the repository, "the repository root" is a folder of the test's that mirrors it: a symbolic link
 * to each of its entries, bin/ holding scripts that run the real bin/ programs, and an empty
 * scratch/. A block that exits non-zero,
 * times out, or lacks a value its comments state as output fails the test with its file, line
 * and output.
 */
class RunnableDocsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path IPVM = ROOT.resolve("bin/ipvm");
  private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(3);
  /** The local HTTP server of docs/cli.md's effects block (examples/OrdersServer.java). */
  private static final String HTTP_ALLOW = "127.0.0.1:8089";

  @Test
  void everyRunnableBlockRuns(@TempDir Path dir) throws Exception {
    List<DocBlocks.Block> blocks = DocBlocks.all(ROOT).stream().filter(DocBlocks.Block::runnable).toList();
    if (blocks.isEmpty()) {
      throw new AssertionError("no runnable blocks in README.md or docs/*.md");
    }
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Path root = mirror(dir.resolve("root"));
    int kafkaPort = freePort();
    int uiPort = freePort();
    Process dev = null;
    long start = System.nanoTime();
    try {
      ProcessBuilder pb = new ProcessBuilder(IPVM.toString(), "dev",
          "--kafka-port", Integer.toString(kafkaPort), "--ui-port", Integer.toString(uiPort),
          "--set", "checkpoint.interval=300ms", "--set", "parallelism=1",
          "--set", "effects.http.allow=" + HTTP_ALLOW, "--set", "effects.http.allow.private=true",
          "--set", "effects.kafka.allow=orders")
          .directory(dir.toFile())
          .redirectOutput(dir.resolve("dev.out").toFile())
          .redirectError(dir.resolve("dev.err").toFile());
      env(pb.environment(), home, kafkaPort, uiPort);
      dev = pb.start();
      awaitBanner(dev, dir.resolve("dev.out"), dir.resolve("dev.err"));
      System.out.printf("RunnableDocsIT: stack up in %.1f s%n", (System.nanoTime() - start) / 1e9);

      List<String> failures = new ArrayList<>();
      for (DocBlocks.Block block : blocks) {
        String failure = run(block, dir, root, home, kafkaPort, uiPort);
        if (failure != null) {
          failures.add(failure);
        }
      }
      System.out.printf("RunnableDocsIT: %d blocks, %d failed, %.1f s in all%n", blocks.size(), failures.size(),
          (System.nanoTime() - start) / 1e9);
      if (!failures.isEmpty()) {
        throw new AssertionError(failures.size() + " of " + blocks.size() + " runnable doc blocks failed:\n\n"
            + String.join("\n\n", failures));
      }
    } finally {
      stopServerOfTheDocs(dir.resolve("root"));
      if (dev != null) {
        dev.destroy(); // SIGTERM: the same path as Ctrl-C
        if (!dev.waitFor(60, TimeUnit.SECONDS)) {
          dev.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
      LocalBroker.stopOrphan(home.resolve("dev/kafka"));
    }
  }

  /** Runs one block; null when it passed, else what failed, with its file, line and output. */
  private static String run(DocBlocks.Block block, Path dir, Path root, Path home, int kafkaPort, int uiPort) throws Exception {
    Path script = dir.resolve("block-" + block.file().replace('/', '_') + "-" + block.line() + ".sh");
    Files.writeString(script, block.text());
    Path out = dir.resolve(script.getFileName() + ".out");
    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    env(pb.environment(), home, kafkaPort, uiPort);
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean done = p.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("RunnableDocsIT: %-28s %5.1f s  %s%n", block.where(), seconds,
        !done ? "timeout" : p.exitValue() == 0 ? "ok" : "exit " + p.exitValue());
    String problem = null;
    if (!done) {
      problem = "did not finish within " + BLOCK_TIMEOUT.toSeconds() + " s";
    } else if (p.exitValue() != 0) {
      problem = "exited with " + p.exitValue();
    } else {
      List<String> missing = block.expected().stream().filter(v -> !DocBlocks.shows(output, v)).toList();
      if (!missing.isEmpty()) {
        problem = "its output lacks the line(s) the block states: " + missing;
      }
    }
    if (problem == null) {
      return null;
    }
    return block.where() + ": the block " + problem + "\n--- block ---\n" + block.text() + "--- output ---\n" + output;
  }

  private static void env(Map<String, String> env, Path home, int kafkaPort, int uiPort) {
    env.put("IPVM_HOME", home.toString());
    env.put("IPVM_BOOTSTRAP", "127.0.0.1:" + kafkaPort);
    env.put("IPVM_FLINK", "http://127.0.0.1:" + uiPort);
    env.put("IPVM_BUILD_DIR", buildDir());
  }

  /** The docs' HTTP server writes its pid to scratch/orders-server.pid; a failed block may leave it running. */
  private static void stopServerOfTheDocs(Path root) {
    Path pid = root.resolve("scratch/orders-server.pid");
    try {
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroy);
        Files.deleteIfExists(pid);
      }
    } catch (IOException | NumberFormatException e) {
      // nothing to stop
    }
  }

  /**
   * A folder that reads as the repository root: links to its entries, bin/ scripts that exec the
   * real ones (bin/ipvm finds the repository from its own path), and an empty scratch/.
   */
  private static Path mirror(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("scratch"));
    try (var entries = Files.list(ROOT)) {
      for (Path e : (Iterable<Path>) entries::iterator) {
        String name = e.getFileName().toString();
        if (!name.equals("bin") && !name.equals("scratch")) {
          Files.createSymbolicLink(root.resolve(name), e);
        }
      }
    }
    try (var programs = Files.list(ROOT.resolve("bin"))) {
      for (Path program : (Iterable<Path>) programs::iterator) {
        Path script = root.resolve("bin").resolve(program.getFileName());
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + program + "' \"$@\"\n");
        script.toFile().setExecutable(true);
      }
    }
    return root;
  }

  private static void awaitBanner(Process p, Path out, Path err) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    while (System.nanoTime() < end) {
      if (Files.readString(out).contains("Ctrl-C stops everything")) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError("bin/ipvm dev exited with " + p.exitValue() + ": " + Files.readString(err));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("bin/ipvm dev did not start: " + Files.readString(err));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** target, or the -Dipvm.buildDir this test was built in: bin/ipvm must use the same build. */
  private static String buildDir() {
    try {
      return Path.of(RunnableDocsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent().getFileName().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
