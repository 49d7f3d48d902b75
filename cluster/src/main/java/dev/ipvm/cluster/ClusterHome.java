package dev.ipvm.cluster;

import java.nio.file.Path;

/**
 * Where a local cluster keeps everything, under one folder ({@code $IPVM_HOME/cluster} by
 * default), so that {@code up} after {@code down} resumes with the same topics, memo and key.
 *
 * @param root the folder
 */
record ClusterHome(Path root) {
  ClusterHome {
    root = root.toAbsolutePath().normalize();
  }

  /** The default folder: {@code $IPVM_HOME/cluster}, where IPVM_HOME defaults to {@code ~/.ipvm}. */
  static ClusterHome fromEnvironment() {
    String home = System.getenv("IPVM_HOME");
    return new ClusterHome((home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".ipvm"))
        .resolve("cluster"));
  }

  /** The broker's data directory ({@code LocalBroker}). */
  Path kafka() {
    return root.resolve("kafka");
  }

  /** Flink's configuration directory: {@code config.yaml}, {@code log4j.properties}. */
  Path conf() {
    return root.resolve("conf");
  }

  /** One log per process: {@code jobmanager.log}, {@code taskmanager-1.log}, ... and their {@code .out}. */
  Path logs() {
    return root.resolve("log");
  }

  /** One pid file per Flink process. */
  Path pids() {
    return root.resolve("run");
  }

  Path checkpoints() {
    return root.resolve("checkpoints");
  }

  Path savepoints() {
    return root.resolve("savepoints");
  }

  /** The job's local block cache ({@code blocks.dir}), shared by the TaskManagers of this machine. */
  Path blocks() {
    return root.resolve("blocks");
  }

  /** Jars uploaded through the REST API; kept across JobManager restarts. */
  Path uploads() {
    return root.resolve("uploads");
  }

  /** The receipt index's RocksDB ({@code bin/ipvm index --data}); its log is {@code log/index.log}. */
  Path index() {
    return root.resolve("index");
  }

  /** The executor's signing key; created by the first {@code up}. */
  Path executorKey() {
    return root.resolve("executor.pem");
  }

  /** The cluster's ports and sizes ({@link ClusterSettings}), written by {@code up}. */
  Path settingsFile() {
    return root.resolve("cluster.properties");
  }

  /** The job settings of the last {@code submit}, reused by {@code rescale} and a resubmit. */
  Path jobSettingsFile() {
    return root.resolve("job.properties");
  }
}
