package dev.ipvm.deploy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** One broker JVM: a child spawned by this JVM, or one adopted from a JVM that died. */
final class BrokerProcess {
  /** The line the broker logs once it serves clients. */
  static final String STARTED_LINE = "Kafka Server started";

  /** How to launch the child JVM. */
  record Launch(String maxHeap, List<String> jvmOptions, boolean detached, Duration startTimeout) {}

  private final ProcessHandle handle;
  private final Process process; // null when adopted: not our child, so no exit code
  private final int port;
  private final long logStart;
  private final long outStart;

  private BrokerProcess(ProcessHandle handle, Process process, int port, long logStart, long outStart) {
    this.handle = handle;
    this.process = process;
    this.port = port;
    this.logStart = logStart;
    this.outStart = outStart;
  }

  /** A broker left running by a JVM that died. */
  static BrokerProcess adopt(BrokerLock.Running running) {
    return new BrokerProcess(running.process(), null, running.port(), 0, 0);
  }

  /**
   * Writes the settings, formats the storage when new, and spawns the broker; {@link
   * #awaitStarted} then waits for it. Throws before spawning when the port is taken.
   */
  static BrokerProcess launch(BrokerFiles files, int port, Launch launch) throws IOException {
    checkPortFree(port);
    Files.createDirectories(files.dir());
    files.write(port, freePort());
    String classpath = files.classpath();
    files.format(classpath);

    // both files are appended to across runs: this run's lines start here
    long logStart = BrokerFiles.size(files.log());
    long outStart = BrokerFiles.size(files.out());
    List<String> cmd = new ArrayList<>();
    if (launch.detached() && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      // its own session: Ctrl-C in the terminal reaches only the parent, which stops the broker
      // after the clients (it execs in place, so the pid stays the broker's)
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(BrokerFiles.javaExecutable());
    cmd.add("-Xmx" + launch.maxHeap());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + files.log4jProperties());
    cmd.add("-Dkafka.logs.dir=" + files.dir());
    cmd.add("-Dipvm.broker.dir=" + files.dir()); // names the process in ps
    cmd.add("-Dipvm.broker.lock=" + files.dir().resolve(BrokerLock.BROKER_FILE));
    cmd.add("-Dipvm.broker.port=" + port);
    cmd.add("-Dipvm.broker.detached=" + launch.detached());
    cmd.addAll(launch.jvmOptions());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(BrokerMain.class.getName());
    cmd.add(files.serverProperties().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(files.dir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(files.out().toFile()));
    if (launch.detached()) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    // otherwise standard input stays a pipe that this JVM holds open: BrokerMain exits when it closes
    Process p = pb.start();
    return new BrokerProcess(p.toHandle(), p, port, logStart, outStart);
  }

  /**
   * Waits until the broker serves clients (for an adopted one: until its port answers). On a
   * failure, or when {@code cancelled} turns true, stops it and throws with its last log lines.
   */
  BrokerProcess awaitStarted(BrokerFiles files, Duration timeout, BooleanSupplier cancelled) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean logged = process == null;
    try {
      while (true) {
        if (!handle.isAlive()) {
          throw new IOException(files.failure("the broker " + describeExit() + " while starting" + where(files),
              logStart, outStart));
        }
        logged = logged || logContains(files.log(), logStart, STARTED_LINE);
        if (logged && accepts(port)) {
          return this;
        }
        if (cancelled.getAsBoolean()) {
          throw new IOException("the broker was stopped while starting" + where(files));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(files.failure("the broker did not start within " + timeout.toSeconds() + " s"
              + where(files) + "; a busy machine may need a longer start timeout", logStart, outStart));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      stop(Duration.ofSeconds(20));
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the broker to start", e);
    } catch (IOException | RuntimeException e) {
      stop(Duration.ofSeconds(20));
      throw e;
    }
  }

  private String where(BrokerFiles files) {
    return " (port " + port + ", data " + files.dir() + ")";
  }

  int port() {
    return port;
  }

  long pid() {
    return handle.pid();
  }

  boolean isAlive() {
    return handle.isAlive();
  }

  /** Completes when the broker exits, with how it exited. */
  CompletableFuture<String> exited() {
    return process != null ? process.onExit().thenApply(p -> describeExit()) : handle.onExit().thenApply(h -> "exited");
  }

  private String describeExit() {
    if (process == null || process.isAlive()) {
      return "exited";
    }
    int code = process.exitValue();
    return code > 128 ? "was killed by signal " + (code - 128) : "exited with code " + code;
  }

  /** SIGTERM, then SIGKILL after {@code grace}; returns once it has exited. */
  void stop(Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    CompletableFuture<?> exit = process != null ? process.onExit() : handle.onExit();
    handle.destroy();
    try {
      try {
        exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        handle.destroyForcibly();
        exit.get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // it was killed; nothing more to do
    }
  }

  private static boolean logContains(Path log, long from, String text) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    try (var ch = Files.newByteChannel(log)) {
      long size = ch.size();
      // the log was rolled over since we looked: read it from its start
      ch.position(size < from ? 0 : from);
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, Math.max(0, size - ch.position())));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read it all
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).contains(text);
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void checkPortFree(int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // like the broker itself: connections in TIME_WAIT from a previous run do not block a restart
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (BindException e) {
      throw new IOException("port " + port + " on 127.0.0.1 is already in use (another broker, or another program?):"
          + " stop it or choose another port", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
