package dev.ipvm.deploy.index;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One receipt index process, reading a stack's receipts and trusting its executor, its RocksDB in
 * {@code data} and its output appended to {@code log}. It is found again by its command line, which
 * starts with {@code -Dipvm.index=<data>} (not by a pid file: one outlives a {@code kill -9} and its
 * pid may be reused); the rest of the command is in an argument file beside the data, so the
 * marker stays within the 4 KiB of a command line the JDK reads.
 */
public final class IndexProcess {
  /** The launcher's system properties naming the index's build (bin/ipvm sets them). */
  public static final String CLASSES_PROPERTY = "ipvm.index.classes";
  public static final String CLASSPATH_PROPERTY = "ipvm.index.classpath";
  private static final String MARKER = "-Dipvm.index=";

  /**
   * What the index reads and where it serves.
   *
   * @param data its RocksDB folder (also its identity: one index per folder)
   * @param log the file its output is appended to
   * @param topicPrefix the deployment's topic prefix ("" for none)
   * @param executorDid the executor whose receipts it indexes
   * @param port its HTTP port on 127.0.0.1
   */
  public record Options(Path data, Path log, String bootstrap, String topicPrefix, String executorDid, int port) {
    public Options {
      data = data.toAbsolutePath().normalize();
    }
  }

  private final ProcessHandle handle;
  private final int port;

  private IndexProcess(ProcessHandle handle, int port) {
    this.handle = handle;
    this.port = port;
  }

  /**
   * Starts the index; empty, saying why through {@code progress}, when the launcher names no built
   * index ({@link #CLASSES_PROPERTY}, {@link #CLASSPATH_PROPERTY}).
   *
   * @param detached in a session of its own ({@code setsid}), so that it outlives the caller and a
   *     Ctrl-C in its terminal; else a child that the caller stops ({@link #stop})
   */
  public static Optional<IndexProcess> start(Options o, boolean detached, Consumer<String> progress) throws IOException {
    String classes = System.getProperty(CLASSES_PROPERTY);
    String classpathFile = System.getProperty(CLASSPATH_PROPERTY);
    if (classes == null || classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      progress.accept("the receipt index is not built, so its explorer does not start (bin/ipvm index builds it)");
      return Optional.empty();
    }
    Files.createDirectories(o.data());
    List<String> args = new ArrayList<>(List.of("-cp",
        classes + File.pathSeparator + Files.readString(Path.of(classpathFile)).trim(),
        "dev.ipvm.index.IndexCommand", "--bootstrap", o.bootstrap(), "--data", o.data().toString(),
        "--port", Integer.toString(o.port()), "--trust", o.executorDid()));
    if (!o.topicPrefix().isEmpty()) {
      args.addAll(List.of("--topic-prefix", o.topicPrefix()));
    }
    Path argFile = o.data().resolveSibling(o.data().getFileName() + ".args");
    Files.write(argFile, args.stream().map(IndexProcess::quoted).toList());
    List<String> cmd = new ArrayList<>();
    if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), MARKER + o.data(),
        "@" + argFile));
    Files.createDirectories(o.log().toAbsolutePath().getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(o.log().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    progress.accept("starting the receipt index and explorer on port " + o.port() + " (log " + o.log() + ")");
    return Optional.of(new IndexProcess(p.toHandle(), o.port()));
  }

  /** The live index process whose data folder is {@code data}, if any; {@code port} as it was started with. */
  public static Optional<IndexProcess> running(Path data, int port) {
    String marker = MARKER + data.toAbsolutePath().normalize() + " ";
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(marker) && p.isAlive())
        .findFirst().map(p -> new IndexProcess(p, port));
  }

  /** The explorer page of an index on {@code port}. */
  public static String explorerUrl(int port) {
    return "http://127.0.0.1:" + port + "/";
  }

  public String explorerUrl() {
    return explorerUrl(port);
  }

  public long pid() {
    return handle.pid();
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  /** SIGTERM (the index writes its last batch and closes RocksDB), then SIGKILL after {@code grace}. */
  public void stop(Duration grace) {
    handle.destroy();
    try {
      handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    } catch (Exception timedOut) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // still alive after SIGKILL: the caller sees it in running()
      }
    }
  }

  /** One argument of a java argument file: quoted, with backslashes and quotes escaped. */
  private static String quoted(String arg) {
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
