package dev.ipvm.local;

import dev.ipvm.cid.Cid;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.job.Checkpoints;
import dev.ipvm.job.IpvmJob;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole system on one machine: a KRaft broker (its own JVM, data under {@code <data>/kafka}),
 * the topics, the job on a local Flink with its web UI, and the sample modules as blocks.
 * Everything lives under one data folder, so starting again resumes: the broker keeps its
 * topics, the job restores its newest retained checkpoint (memo included), the executor keeps
 * its key.
 *
 * <p>The broker is supervised (restarted on its port when it dies) and detached: when this JVM is
 * killed without running its shutdown hooks, the broker keeps running until the next {@code ipvm
 * dev} on the folder reuses it, or {@code ipvm dev --stop} stops it ({@link #stopLeftover}).
 */
final class DevStack implements AutoCloseable {
  /** What to start; see {@link DevCommand} for the flags that set these. */
  /**
   * @param metricsPorts where Flink's Prometheus reporter serves /metrics: a port or a range {@code 9249-9259}
   * @param brokerTimeout how long to wait for the broker to start
   */
  record Options(Path data, int kafkaPort, int uiPort, String metricsPorts, Map<String, String> settings,
      Path configFile, java.time.Duration brokerTimeout) {}

  private final Options options;
  private LocalBroker broker;
  private JobClient job;
  private StreamExecutionEnvironment env;
  JobConfig config;
  Map<String, Cid> samples;
  String executorDid;
  Optional<Path> resumedFrom = Optional.empty();

  DevStack(Options options) {
    this.options = options;
  }

  String bootstrap() {
    return broker.bootstrap();
  }

  String metricsPorts() {
    return options.metricsPorts();
  }

  String uiUrl() {
    return "http://localhost:" + options.uiPort();
  }

  DevStack start(java.util.function.Consumer<String> progress) throws Exception {
    Path data = options.data();
    Files.createDirectories(data);
    Path key = data.resolve("executor.pem");
    if (!Files.exists(key)) {
      Signer.generate().save(key);
      progress.accept("created the executor key " + key);
    }
    executorDid = Signer.load(key).did().toString();

    progress.accept("starting Kafka (KRaft) on 127.0.0.1:" + options.kafkaPort() + ", data in " + data.resolve("kafka"));
    // detached: a kill -9 of this JVM leaves the broker running, and the next ipvm dev reuses it;
    // supervised: a broker that dies is restarted, and the job's Kafka clients reconnect
    try {
      broker = LocalBroker.builder().dataDir(data.resolve("kafka")).port(options.kafkaPort())
          .startTimeout(options.brokerTimeout()).detached(true).supervise(true).events(progress).build().start();
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage());
      if (why.startsWith("the broker did not start within")) { // LocalBroker's words for a timeout
        throw new IOException(why.replaceFirst("; a busy machine may need a longer start timeout",
            "; a busy machine may need longer: --broker-timeout " + options.brokerTimeout().multipliedBy(2).toSeconds()
                + "s"), e);
      }
      throw e;
    }

    Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("bootstrap", broker.bootstrap());
    settings.put("executor.key", key.toString());
    settings.put("checkpoint.dir", data.resolve("checkpoints").toString());
    settings.put("blocks.dir", data.resolve("blocks").toString());
    settings.putAll(options.settings());
    config = JobConfig.load(options.configFile(), settings);

    var created = TopicSetup.ensure(config.bootstrap(), config.topics(), config.parallelism(), (short) 1);
    if (!created.isEmpty()) {
      progress.accept("created topics " + String.join(", ", created));
    }
    samples = SampleModules.publish(config.bootstrap(), config.topics().blocks());

    Configuration flink = new Configuration();
    flink.set(RestOptions.PORT, options.uiPort());
    // what deploy/grafana/ipvm.json reads; the first free port of the range
    flink.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    flink.setString("metrics.reporter.prom.port", options.metricsPorts());
    flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(4, config.parallelism())));
    resumedFrom = Checkpoints.latest(Path.of(config.checkpointDir()));
    if (resumedFrom.isPresent()) {
      flink.set(StateRecoveryOptions.SAVEPOINT_PATH, resumedFrom.get().toUri().toString());
      // Checkpoints of earlier versions hold the in-flight runs of the async executors the fair
      // executors replaced (uids wasm-executor, effect-executor); the task function dispatches
      // those runs again when no result comes, so their state may be left behind.
      flink.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
      progress.accept("resuming from checkpoint " + resumedFrom.get());
    }
    progress.accept("starting the job on a local Flink (web UI " + uiUrl() + ")");
    env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    IpvmJob.build(env, config);
    job = env.executeAsync(IpvmJob.NAME);
    return this;
  }

  /** Stops the broker that a killed {@code ipvm dev} left running on {@code data}; its pid, if one ran. */
  static Optional<Long> stopLeftover(Path data) throws IOException {
    return LocalBroker.stopOrphan(data.resolve("kafka"));
  }

  /** Blocks until the job ends (it runs until cancelled). */
  void awaitJob() throws Exception {
    job.getJobExecutionResult().get();
  }

  /** Cancels the job (its checkpoints are retained) and stops the broker. */
  @Override
  public void close() {
    try {
      if (job != null) {
        job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // the local cluster goes away with the process anyway
    }
    try {
      if (env != null) {
        env.close();
      }
    } catch (Exception e) {
      // same
    }
    if (broker != null) {
      broker.close();
    }
  }
}
