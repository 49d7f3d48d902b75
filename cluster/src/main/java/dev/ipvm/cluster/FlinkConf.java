package dev.ipvm.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The Flink configuration directory of a local cluster ({@code conf/config.yaml} and {@code
 * conf/log4j.properties}), and the JVM options each process is started with — what a Flink
 * distribution's {@code conf/} and {@code bin/} scripts would provide.
 */
final class FlinkConf {
  /** What Flink's own scripts pass to every JVM on Java 17 ({@code env.java.default-opts.all}). */
  static final List<String> JAVA_OPENS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkConf() {}

  /** The cluster's settings, as written to {@code config.yaml}. */
  static Map<String, String> settings(ClusterHome home, ClusterSettings s) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", "" + s.rpcPort());
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", "" + s.restPort());
    c.put("jobmanager.memory.process.size", s.jobManagerMemory());
    c.put("taskmanager.memory.process.size", s.taskManagerMemory());
    c.put("taskmanager.numberOfTaskSlots", "" + s.slots());
    c.put("parallelism.default", "1");
    // The job sets these too (IpvmJob.flinkConfiguration); here they are the cluster's defaults.
    c.put("state.backend.type", "rocksdb");
    c.put("execution.checkpointing.incremental", "true");
    c.put("execution.checkpointing.dir", home.checkpoints().toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", home.savepoints().toUri().toString());
    c.put("restart-strategy.type", "exponential-delay");
    // A killed TaskManager is noticed in seconds, not the 50 s default: its slots' tasks restart
    // on the others sooner.
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "10000");
    // A TaskManager whose JobManager died retries registering with at most 5 s between attempts
    // (30 s by default), so a restarted JobManager gets its slots back within seconds.
    c.put("cluster.registration.max-timeout", "5000");
    c.put("cluster.registration.error-delay", "2000");
    c.put("cluster.registration.refused-registration-delay", "5000");
    c.put("web.upload.dir", home.uploads().toString());
    c.put("web.cancel.enable", "true");
    c.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    c.put("metrics.reporter.prom.port", "" + s.metricsPort()); // each TaskManager gets its own with -D
    return c;
  }

  /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties}. */
  static void write(ClusterHome home, ClusterSettings s) throws IOException {
    Files.createDirectories(home.conf());
    Files.createDirectories(home.logs());
    Files.createDirectories(home.uploads());
    StringBuilder yaml = new StringBuilder("# Written by `ipvm cluster up`; edits are lost at the next up.\n");
    settings(home, s).forEach((k, v) -> yaml.append(k).append(": ").append(quoted(v)).append('\n'));
    Files.writeString(home.conf().resolve(GlobalConfiguration.FLINK_CONF_FILENAME), yaml);
    Files.writeString(home.conf().resolve("log4j.properties"), """
        # Written by `ipvm cluster up`: one rolling log per process (log.file is set per JVM)
        monitorInterval = 30
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = MainAppender
        appender.main.name = MainAppender
        appender.main.type = RollingFile
        appender.main.append = true
        appender.main.fileName = ${sys:log.file}
        appender.main.filePattern = ${sys:log.file}.%i
        appender.main.layout.type = PatternLayout
        appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
        appender.main.policies.type = Policies
        appender.main.policies.size.type = SizeBasedTriggeringPolicy
        appender.main.policies.size.size = 20MB
        appender.main.strategy.type = DefaultRolloverStrategy
        appender.main.strategy.max = 3
        logger.kafka.name = org.apache.kafka
        logger.kafka.level = WARN
        logger.zookeeper.name = org.apache.zookeeper
        logger.zookeeper.level = WARN
        """);
  }

  /** The JVM options of the JobManager: its heap and metaspace, as Flink's scripts compute them. */
  static List<String> jobManagerJvm(ClusterHome home) {
    Configuration c = GlobalConfiguration.loadConfiguration(home.conf().toString());
    var spec = JobManagerProcessUtils.processSpecFromConfig(c);
    List<String> out = new ArrayList<>(split(JobManagerProcessUtils.generateJvmParametersStr(spec, c)));
    out.addAll(JAVA_OPENS);
    return out;
  }

  /** The JobManager's dynamic properties ({@code -D key=value} arguments). */
  static List<String> jobManagerDynamic(ClusterHome home) {
    Configuration c = GlobalConfiguration.loadConfiguration(home.conf().toString());
    return split(JobManagerProcessUtils.generateDynamicConfigsStr(JobManagerProcessUtils.processSpecFromConfig(c)));
  }

  /** The JVM options of a TaskManager: heap, direct and metaspace sizes, as Flink's scripts compute them. */
  static List<String> taskManagerJvm(ClusterHome home) {
    Configuration c = GlobalConfiguration.loadConfiguration(home.conf().toString());
    List<String> out = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(
        TaskExecutorProcessUtils.processSpecFromConfig(c))));
    out.addAll(JAVA_OPENS);
    return out;
  }

  /** A TaskManager's dynamic properties: every memory pool fixed, as the scripts pass them. */
  static List<String> taskManagerDynamic(ClusterHome home) {
    Configuration c = GlobalConfiguration.loadConfiguration(home.conf().toString());
    return split(TaskExecutorProcessUtils.generateDynamicConfigsStr(TaskExecutorProcessUtils.processSpecFromConfig(c)));
  }

  private static List<String> split(String args) {
    return Arrays.stream(args.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList();
  }

  private static String quoted(String v) {
    return v.matches("[A-Za-z0-9_./:-]*") ? v : "'" + v.replace("'", "''") + "'";
  }
}
