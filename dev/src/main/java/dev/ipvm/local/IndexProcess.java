package dev.ipvm.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The receipt index and its explorer page ({@code bin/ipvm index}, the index module) beside the
 * dev stack: a JVM of its own, since the index's RocksDB and Flink's share package names, reading
 * the stack's receipts and trusting its executor. Started when the launcher names the index's
 * build ({@code -Dipvm.index.classes}, {@code -Dipvm.index.classpath}) and it exists; it lives
 * and dies with {@code ipvm dev}. Its output goes to {@code <data>/index.log}.
 */
final class IndexProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private IndexProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the index on {@code port}; empty, saying why through {@code progress}, when it is not built. */
  static Optional<IndexProcess> start(Path data, String bootstrap, String topicPrefix, String executorDid, int port,
      Consumer<String> progress) throws IOException {
    String classes = System.getProperty("ipvm.index.classes");
    String classpathFile = System.getProperty("ipvm.index.classpath");
    if (classes == null || classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      progress.accept("the receipt index is not built, so its explorer does not start (bin/ipvm index builds it)");
      return Optional.empty();
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + Files.readString(Path.of(classpathFile)).trim(),
        "dev.ipvm.index.IndexCommand", "--bootstrap", bootstrap, "--data", data.resolve("index").toString(),
        "--port", Integer.toString(port), "--trust", executorDid));
    if (!topicPrefix.isEmpty()) {
      cmd.addAll(List.of("--topic-prefix", topicPrefix));
    }
    Path log = data.resolve("index.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    progress.accept("starting the receipt index and explorer on port " + port + " (log " + log + ")");
    return Optional.of(new IndexProcess(p, port));
  }

  String explorerUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
