package dev.ipvm.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) run from the Maven jars as a
 * child JVM, with its data in one directory so that a restart keeps its topics and records.
 *
 * <pre>{@code
 * try (LocalBroker broker = LocalBroker.builder().dataDir(dir).port(0).build().start()) {
 *   String bootstrap = broker.bootstrap();   // "127.0.0.1:40123"
 * }
 * }</pre>
 *
 * <p>{@link #start()} writes {@code server.properties} and {@code log4j2.properties} into the data
 * directory, formats the storage once (the cluster id is kept in {@code cluster.id}), spawns
 * {@code kafka.Kafka} with the same {@code java} as this JVM and waits until the port accepts
 * connections and the broker logs that it started. The broker logs to {@code broker.log} in the
 * data directory (its standard output and error go to {@code broker.out}); a failure to start
 * throws with the last lines of both.
 *
 * <p>The child never outlives this JVM: {@link #close()} stops it (SIGTERM, then SIGKILL after
 * 20 s), a shutdown hook does the same when this JVM exits, and the child exits by itself when
 * its standard input closes, which happens when this JVM dies in any way, {@code kill -9}
 * included.
 *
 * <p>Only the JDK is used here: Kafka's server classes stay on the child's classpath (read from
 * the {@code broker.classpath} resource written at build time) and never on the caller's.
 */
public final class LocalBroker implements AutoCloseable {
  /** The line the broker logs once it serves clients. */
  static final String STARTED_LINE = "Kafka Server started";
  private static final int TAIL_LINES = 30;
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final Path dataDir;
  private final int requestedPort;
  private final Map<String, String> extraProperties;
  private final Duration startTimeout;
  private final String maxHeap;
  private final List<String> jvmOptions;

  private int port;
  private int controllerPort;
  private Process process;
  private Thread shutdownHook;

  private LocalBroker(Builder b) {
    this.dataDir = b.dataDir.toAbsolutePath().normalize();
    this.requestedPort = b.port;
    this.extraProperties = Map.copyOf(b.properties);
    this.startTimeout = b.startTimeout;
    this.maxHeap = b.maxHeap;
    this.jvmOptions = List.copyOf(b.jvmOptions);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link LocalBroker}; only the data directory is required. */
  public static final class Builder {
    private Path dataDir;
    private int port = 0;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);
    private String maxHeap = "512m";
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder() {}

    /** Where the broker keeps its configuration, logs and data (created when missing). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** The client port on 127.0.0.1; 0 (the default) picks a free one at the first start. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** A server property added to, or replacing one of, the defaults in server.properties. */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** How long {@link LocalBroker#start()} waits for the broker (default 60 s). */
    public Builder startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive");
      }
      this.startTimeout = timeout;
      return this;
    }

    /** The child's {@code -Xmx} (default {@code 512m}). */
    public Builder maxHeap(String xmx) {
      this.maxHeap = Objects.requireNonNull(xmx, "maxHeap");
      return this;
    }

    /** An extra option for the child JVM, e.g. {@code -XX:+UseSerialGC}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    public LocalBroker build() {
      if (dataDir == null) {
        throw new IllegalStateException("LocalBroker needs a data directory: builder().dataDir(dir)");
      }
      return new LocalBroker(this);
    }
  }

  /**
   * Starts the broker and waits until it serves clients. After {@link #close()} it may be
   * started again; it then keeps its port (and its data).
   *
   * @return this broker
   * @throws IOException when the port is taken, the broker exits, or it does not start in time
   */
  public synchronized LocalBroker start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("the broker in " + dataDir + " is already running on port " + port);
    }
    Files.createDirectories(dataDir);
    if (port == 0) {
      port = requestedPort != 0 ? requestedPort : freePort();
    }
    checkPortFree(port);
    controllerPort = freePort();
    List<String> classpath = List.of(launcherDir().toString(), brokerClasspath());
    writeConfig();
    format(String.join(java.io.File.pathSeparator, classpath));

    long logStart = Files.exists(logFile()) ? Files.size(logFile()) : 0;
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.add("-Xmx" + maxHeap);
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
    cmd.add("-Dkafka.logs.dir=" + dataDir);
    cmd.add("-Dipvm.broker.dir=" + dataDir); // names the process in ps
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, classpath));
    cmd.add(BrokerMain.class.getName());
    cmd.add(dataDir.resolve("server.properties").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile().toFile()));
    // standard input stays a pipe that this JVM holds open: BrokerMain exits when it closes
    process = pb.start();
    Process started = process;
    shutdownHook = new Thread(() -> stop(started), "ipvm-local-broker-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      awaitStarted(logStart);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrap() {
    if (port == 0) {
      throw new IllegalStateException("the broker has not been started");
    }
    return "127.0.0.1:" + port;
  }

  /** The client port (0 before the first start when a free one is to be picked). */
  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The broker's log, {@code broker.log} in the data directory. */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  /** The child's standard output and error (JVM crashes, logging setup errors). */
  public Path outFile() {
    return dataDir.resolve("broker.out");
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The child's process id, while it runs. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("the broker has not been started");
    }
    return process.pid();
  }

  /** Stops the broker and waits for it to exit (up to 20 s, then it is killed). Idempotent. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    stop(process);
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
      shutdownHook = null;
    }
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitStarted(long logStart) throws IOException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    boolean logged = false;
    while (true) {
      if (!process.isAlive()) {
        throw failure("the broker exited with code " + process.exitValue() + " while starting");
      }
      logged = logged || logContains(logStart, STARTED_LINE);
      if (logged && accepts(port)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure("the broker did not start within " + startTimeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the broker to start", e);
      }
    }
  }

  private IOException failure(String what) {
    StringBuilder sb = new StringBuilder(what).append(" (port ").append(port).append(", data ").append(dataDir)
        .append(")");
    appendTail(sb, logFile());
    appendTail(sb, outFile());
    return new IOException(sb.toString());
  }

  private static void appendTail(StringBuilder sb, Path file) {
    List<String> tail = tail(file, TAIL_LINES);
    if (!tail.isEmpty()) {
      sb.append("\n--- last lines of ").append(file).append(" ---");
      tail.forEach(l -> sb.append('\n').append(l));
    }
  }

  static List<String> tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, 64 * 1024);
      byte[] buf = new byte[n];
      f.seek(len - n);
      f.readFully(buf);
      Deque<String> out = new ArrayDeque<>();
      for (String l : new String(buf, StandardCharsets.UTF_8).split("\n")) {
        out.addLast(l);
        if (out.size() > lines) {
          out.removeFirst();
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      return List.of("(could not read " + file + ": " + e.getMessage() + ")");
    }
  }

  private boolean logContains(long from, String text) throws IOException {
    Path log = logFile();
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

  private static boolean accepts(int port) {
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void writeConfig() throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("kafka-logs").toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // the default, kept explicit: Flink's transactional sink must stay below it
    p.put("transaction.max.timeout.ms", "900000");
    p.putAll(extraProperties);
    StringBuilder sb = new StringBuilder("# Written by dev.ipvm.deploy.LocalBroker at each start; edits are lost.\n");
    p.forEach((k, v) -> sb.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
    Files.writeString(dataDir.resolve("server.properties"), sb.toString(), StandardCharsets.UTF_8);

    String log4j = String.join("\n",
        "# Written by dev.ipvm.deploy.LocalBroker at each start; edits are lost.",
        "status = warn",
        "appender.file.type = RollingFile",
        "appender.file.name = file",
        "appender.file.fileName = " + escape(logFile().toString(), false),
        "appender.file.filePattern = " + escape(dataDir.resolve("broker.log.%i").toString(), false),
        "appender.file.append = true",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "appender.file.policies.type = Policies",
        "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
        "appender.file.policies.size.size = 10MB",
        "appender.file.strategy.type = DefaultRolloverStrategy",
        "appender.file.strategy.max = 2",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = file",
        "logger.controller.name = kafka.controller",
        "logger.controller.level = WARN",
        "logger.state.name = state.change.logger",
        "logger.state.level = WARN",
        "");
    Files.writeString(dataDir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
  }

  /** Formats the storage unless it is formatted already, keeping the cluster id in a file. */
  private void format(String classpath) throws IOException {
    Path meta = dataDir.resolve("kafka-logs").resolve("meta.properties");
    if (Files.exists(meta)) {
      return;
    }
    Path idFile = dataDir.resolve("cluster.id");
    String clusterId;
    if (Files.exists(idFile)) {
      clusterId = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
    } else {
      clusterId = newClusterId();
      Files.writeString(idFile, clusterId + "\n", StandardCharsets.US_ASCII);
    }
    Path out = dataDir.resolve("format.out");
    // static quorum (controller.quorum.voters), so no --standalone: that is for dynamic quorums
    Process p = new ProcessBuilder(javaExecutable(), "-Xmx256m",
        "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
        "-cp", classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted",
        "-t", clusterId, "-c", dataDir.resolve("server.properties").toString())
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("formatting the broker's storage in " + dataDir + " took over 60 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting the broker's storage", e);
    }
    if (p.exitValue() != 0 || !Files.exists(meta)) {
      StringBuilder sb = new StringBuilder("formatting the broker's storage in " + dataDir + " failed (exit "
          + p.exitValue() + ")");
      appendTail(sb, out);
      throw new IOException(sb.toString());
    }
  }

  /** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, not starting with '-'. */
  static String newClusterId() {
    while (true) {
      UUID u = UUID.randomUUID();
      ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString()
        : ProcessHandle.current().info().command().orElse("java");
  }

  /** The broker's jars, as resolved by Maven when this module was built. */
  static String brokerClasspath() throws IOException {
    String cp;
    try (InputStream in = LocalBroker.class.getResourceAsStream("broker.classpath")) {
      if (in == null) {
        throw new IOException("the resource dev/ipvm/deploy/broker.classpath is missing: build the deploy module"
            + " with Maven (it is written at generate-resources)");
      }
      cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new IOException("the broker's jar " + entry + " is missing from the local Maven repository:"
            + " rebuild the deploy module (mvn -pl deploy -am package) so that Maven downloads it");
      }
    }
    return cp;
  }

  /**
   * A directory holding only {@link BrokerMain}'s class file, so the child's classpath has the
   * launcher without whatever jar this class was loaded from (which may bundle other Kafka jars).
   */
  private Path launcherDir() throws IOException {
    String resource = BrokerMain.class.getName().replace('.', '/') + ".class";
    Path target = dataDir.resolve("launcher").resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = LocalBroker.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("cannot find " + resource + " on the classpath");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return dataDir.resolve("launcher");
  }

  /** Escapes a value for a .properties file (Kafka and log4j read them with java.util.Properties rules). */
  private static String escape(String s, boolean key) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if ((key && (c == '=' || c == ':' || c == ' ')) || (i == 0 && c == ' ')) {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LocalBroker[" + (port == 0 ? "not started" : bootstrap()) + ", " + dataDir + "]";
  }
}
