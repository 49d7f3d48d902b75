package dev.ipvm.bench.all;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.job.IpvmJob;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the harness runs against: one real KRaft broker (a child JVM), and the job on a local
 * Flink (RocksDB state), started once per checkpoint interval under its own topic prefix.
 */
final class Stack implements AutoCloseable {
  final Path dir;
  final LocalBroker broker;
  final String bootstrap;
  final int parallelism;
  final Signer executor = Signer.generate();

  Stack(int parallelism) throws Exception {
    this.parallelism = parallelism;
    this.dir = Files.createTempDirectory("ipvm-bench-all-");
    this.broker = LocalBroker.builder().dataDir(dir.resolve("kafka")).maxHeap("1g").build().start();
    this.bootstrap = broker.bootstrap();
  }

  /** A running job and the topics it reads and writes. */
  record Job(JobClient client, Topics topics, Duration checkpoint) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      client.cancel().get();
    }
  }

  /**
   * Starts the job with {@code checkpoint} as its interval, on topics prefixed {@code prefix}.
   *
   * @param httpAllow the host:port HTTP effects may reach, or null
   * @param publishAllow the topic /kafka/publish effects may write, or null
   */
  Job start(String prefix, Duration checkpoint, String httpAllow, String publishAllow) throws Exception {
    return start(prefix, checkpoint, httpAllow, publishAllow, true);
  }

  /** {@link #start}, with Flink's object reuse as the job sets it, or turned off to measure what it brings. */
  Job start(String prefix, Duration checkpoint, String httpAllow, String publishAllow, boolean objectReuse)
      throws Exception {
    Topics topics = Topics.DEFAULT.prefixed(prefix);
    TopicSetup.ensure(bootstrap, topics, parallelism, (short) 1);
    JobConfig.Builder b = JobConfig.builder();
    var fx = b.effects();
    if (httpAllow != null) {
      fx = fx.withHttp(httpAllow, true);
    }
    if (publishAllow != null) {
      createTopic(publishAllow, parallelism);
      fx = fx.withKafkaAllow(publishAllow);
    }
    b.effects(fx);
    JobConfig config = b.bootstrap(bootstrap).topics(topics).groupId(prefix + "job")
        .executorKeyPem(executor.toPem())
        .checkpointDir(dir.resolve(prefix + "checkpoints").toString())
        .blocksDir(dir.resolve(prefix + "blocks").toString())
        .checkpointInterval(checkpoint)
        .parallelism(parallelism)
        .build();
    Configuration flink = new Configuration();
    flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(4, parallelism)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
    IpvmJob.build(env, config);
    if (!objectReuse) {
      env.getConfig().disableObjectReuse();
    }
    return new Job(env.executeAsync(IpvmJob.NAME), topics, checkpoint);
  }

  void createTopic(String topic, int partitions) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      if (!admin.listTopics().names().get().contains(topic)) {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all().get();
      }
    }
  }

  @Override
  public void close() throws Exception {
    broker.close();
  }
}
