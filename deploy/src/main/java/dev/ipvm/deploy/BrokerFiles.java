package dev.ipvm.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The files of a broker's data directory: its settings ({@code server.properties}, {@code
 * log4j2.properties}, rewritten at each start), its formatted storage ({@code kafka-logs/}, with
 * the cluster id kept in {@code cluster.id}), its logs, and the launcher class the child runs.
 */
final class BrokerFiles {
  private static final int TAIL_LINES = 30;

  private final Path dir;
  private final Map<String, String> extraProperties;

  BrokerFiles(Path dir, Map<String, String> extraProperties) {
    this.dir = dir;
    this.extraProperties = Map.copyOf(extraProperties);
  }

  Path dir() {
    return dir;
  }

  Path log() {
    return dir.resolve("broker.log");
  }

  Path out() {
    return dir.resolve("broker.out");
  }

  Path serverProperties() {
    return dir.resolve("server.properties");
  }

  /** The broker's settings for these ports: the defaults, then the extra properties. */
  Map<String, String> settings(int port, int controllerPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("kafka-logs").toString());
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
    return p;
  }

  /** The settings of the broker last started here, as written in server.properties, if any. */
  Optional<Map<String, String>> writtenSettings() throws IOException {
    if (!Files.exists(serverProperties())) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(serverProperties(), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return Optional.of(out);
  }

  /** The controller port in written settings ({@code controller.quorum.voters=1@127.0.0.1:PORT}), or -1. */
  static int controllerPort(Map<String, String> settings) {
    String voters = settings.getOrDefault("controller.quorum.voters", "");
    try {
      return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  void write(int port, int controllerPort) throws IOException {
    StringBuilder sb = new StringBuilder("# Written by dev.ipvm.deploy.LocalBroker at each start; edits are lost.\n");
    settings(port, controllerPort).forEach((k, v) -> sb.append(escape(k, true)).append('=').append(escape(v, false))
        .append('\n'));
    Files.writeString(serverProperties(), sb.toString(), StandardCharsets.UTF_8);

    String log4j = String.join("\n",
        "# Written by dev.ipvm.deploy.LocalBroker at each start; edits are lost.",
        "status = warn",
        "appender.file.type = RollingFile",
        "appender.file.name = file",
        "appender.file.fileName = " + escape(log().toString(), false),
        "appender.file.filePattern = " + escape(dir.resolve("broker.log.%i").toString(), false),
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
    Files.writeString(log4jProperties(), log4j, StandardCharsets.UTF_8);
  }

  Path log4jProperties() {
    return dir.resolve("log4j2.properties");
  }

  /** Formats the storage unless it is formatted already, keeping the cluster id in a file. */
  void format(String classpath) throws IOException {
    Path meta = dir.resolve("kafka-logs").resolve("meta.properties");
    if (Files.exists(meta)) {
      return;
    }
    Path idFile = dir.resolve("cluster.id");
    String clusterId;
    if (Files.exists(idFile)) {
      clusterId = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
    } else {
      clusterId = newClusterId();
      Files.writeString(idFile, clusterId + "\n", StandardCharsets.US_ASCII);
    }
    Path out = dir.resolve("format.out");
    // static quorum (controller.quorum.voters), so no --standalone: that is for dynamic quorums
    Process p = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-Dlog4j2.configurationFile=" + log4jProperties(),
        "-cp", classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted",
        "-t", clusterId, "-c", serverProperties().toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    try {
      // as generous as the broker's start: a JVM of its own, on a machine that may be busy
      if (!p.waitFor(LocalBroker.DEFAULT_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("formatting the broker's storage in " + dir + " took over "
            + LocalBroker.DEFAULT_START_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting the broker's storage", e);
    }
    if (p.exitValue() != 0 || !Files.exists(meta)) {
      StringBuilder sb = new StringBuilder("formatting the broker's storage in " + dir + " failed (exit "
          + p.exitValue() + ")");
      appendTail(sb, out, 0); // written afresh by each format
      throw new IOException(sb.toString());
    }
  }

  /** The child's classpath: the launcher class, then the broker's jars. */
  String classpath() throws IOException {
    return launcherDir() + java.io.File.pathSeparator + brokerClasspath();
  }

  /**
   * A directory holding only {@link BrokerMain}'s class file, so the child's classpath has the
   * launcher without whatever jar this class was loaded from (which may bundle other Kafka jars).
   */
  private Path launcherDir() throws IOException {
    String resource = BrokerMain.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve("launcher").resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = BrokerFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("cannot find " + resource + " on the classpath");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir.resolve("launcher");
  }

  /** The broker's jars, as resolved by Maven when this module was built. */
  static String brokerClasspath() throws IOException {
    String cp;
    try (InputStream in = BrokerFiles.class.getResourceAsStream("broker.classpath")) {
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

  static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString()
        : ProcessHandle.current().info().command().orElse("java");
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

  /**
   * {@code what}, then the last lines of the broker's log and output that this run wrote: both
   * files are appended to across runs, so only what follows {@code logFrom} and {@code outFrom}
   * (their sizes when the broker was launched) is quoted, never a previous run's shutdown.
   */
  String failure(String what, long logFrom, long outFrom) {
    StringBuilder sb = new StringBuilder(what);
    appendTail(sb, log(), logFrom);
    appendTail(sb, out(), outFrom);
    return sb.toString();
  }

  private static void appendTail(StringBuilder sb, Path file, long from) {
    List<String> tail = tail(file, TAIL_LINES, from);
    if (!tail.isEmpty()) {
      sb.append("\n--- last lines of ").append(file).append(" (this run) ---");
      tail.forEach(l -> sb.append('\n').append(l));
    }
  }

  /** The size of {@code file} now (0 when it does not exist): where this run's lines will start. */
  static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The last {@code lines} lines of {@code file} from byte {@code from} on (from its start when it
   * is now shorter than that: it was rolled over).
   */
  static List<String> tail(Path file, int lines, long from) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long start = len < from ? 0 : from;
      int n = (int) Math.min(len - start, 64 * 1024);
      if (n <= 0) {
        return List.of();
      }
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
}
