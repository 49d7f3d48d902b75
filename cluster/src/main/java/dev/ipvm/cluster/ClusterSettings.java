package dev.ipvm.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A local cluster's ports and sizes, chosen at {@code up} and kept in {@code cluster.properties}
 * so that every later command (and the next {@code up}) finds the same cluster.
 *
 * @param kafkaPort the broker's client port on 127.0.0.1
 * @param restPort the JobManager's REST API and web UI
 * @param rpcPort the JobManager's RPC port, where TaskManagers register
 * @param metricsPort the JobManager's Prometheus port; TaskManager {@code i} serves on {@code metricsPort + i}
 * @param taskManagers how many TaskManager processes
 * @param slots task slots per TaskManager
 * @param taskManagerMemory {@code taskmanager.memory.process.size} of each TaskManager
 * @param jobManagerMemory {@code jobmanager.memory.process.size}
 * @param indexPort the receipt index's HTTP port (its API and explorer)
 * @param index whether the receipt index runs beside the cluster ({@code up --no-index}: not)
 */
record ClusterSettings(int kafkaPort, int restPort, int rpcPort, int metricsPort, int taskManagers, int slots,
    String taskManagerMemory, String jobManagerMemory, int indexPort, boolean index) {

  static final ClusterSettings DEFAULTS = new ClusterSettings(9092, 8081, 6123, 9249, 2, 2, "1280m", "1024m", 8090, true);

  ClusterSettings {
    if (taskManagers < 1 || taskManagers > 16) {
      throw new IllegalArgumentException("--taskmanagers must be 1 to 16, got " + taskManagers);
    }
    if (slots < 1) {
      throw new IllegalArgumentException("--slots must be at least 1, got " + slots);
    }
    if (indexPort < 1 || indexPort > 65535) {
      throw new IllegalArgumentException("--index-port must be 1 to 65535, got " + indexPort);
    }
  }

  /** The Prometheus port of TaskManager {@code i} (1-based). */
  int metricsPort(int taskManager) {
    return metricsPort + taskManager;
  }

  String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  String bootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  ClusterSettings withTaskManagers(int n) {
    return new ClusterSettings(kafkaPort, restPort, rpcPort, metricsPort, n, slots, taskManagerMemory, jobManagerMemory,
        indexPort, index);
  }

  /** {@code port} when nothing listens on it, else a free port. */
  static int freeOr(int port) throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return port;
    } catch (IOException taken) {
      return freePort();
    }
  }

  /** A port nothing listens on (for a moment). */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * A throwaway cluster beside whatever else runs here (the chaos runs, the recovery measurement):
   * free ports, the default memory sizes, no receipt index. The Prometheus ports are a random
   * range, since TaskManager {@code i} takes {@code metricsPort + i}.
   */
  static ClusterSettings onFreePorts(int taskManagers, int slots) throws IOException {
    return new ClusterSettings(freePort(), freePort(), freePort(), 20000 + (int) (Math.random() * 20000), taskManagers,
        slots, DEFAULTS.taskManagerMemory, DEFAULTS.jobManagerMemory, DEFAULTS.indexPort, false);
  }

  static Optional<ClusterSettings> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    ClusterSettings d = DEFAULTS;
    return Optional.of(new ClusterSettings(
        Integer.parseInt(p.getProperty("kafka.port", "" + d.kafkaPort)),
        Integer.parseInt(p.getProperty("rest.port", "" + d.restPort)),
        Integer.parseInt(p.getProperty("rpc.port", "" + d.rpcPort)),
        Integer.parseInt(p.getProperty("metrics.port", "" + d.metricsPort)),
        Integer.parseInt(p.getProperty("taskmanagers", "" + d.taskManagers)),
        Integer.parseInt(p.getProperty("slots", "" + d.slots)),
        p.getProperty("taskmanager.memory", d.taskManagerMemory),
        p.getProperty("jobmanager.memory", d.jobManagerMemory),
        Integer.parseInt(p.getProperty("index.port", "" + d.indexPort)),
        Boolean.parseBoolean(p.getProperty("index", "" + d.index))));
  }

  void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("kafka.port", "" + kafkaPort);
    p.setProperty("rest.port", "" + restPort);
    p.setProperty("rpc.port", "" + rpcPort);
    p.setProperty("metrics.port", "" + metricsPort);
    p.setProperty("taskmanagers", "" + taskManagers);
    p.setProperty("slots", "" + slots);
    p.setProperty("taskmanager.memory", taskManagerMemory);
    p.setProperty("jobmanager.memory", jobManagerMemory);
    p.setProperty("index.port", "" + indexPort);
    p.setProperty("index", "" + index);
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "ipvm cluster: written by `ipvm cluster up`");
    }
  }
}
