package dev.ipvm.bench.state;

import dev.ipvm.bench.kafka.Consumers;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.IpvmJob;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The job on a local Flink, started from a memo savepoint ({@link MemoSavepoint}), fed signed
 * {@code add} invocations and read back (receipts read_committed): what the state-scale benchmark
 * and its test share.
 */
final class MemoJob implements AutoCloseable {
  /** A module CID the invocations name: memo hits never fetch it. */
  static final Cid MODULE = Cid.of(Multicodec.RAW, "state-scale module".getBytes(StandardCharsets.UTF_8));

  private final JobClient job;
  private final int restPort;
  private final String bootstrap;
  private final Topics topics;

  private MemoJob(JobClient job, int restPort, String bootstrap, Topics topics) {
    this.job = job;
    this.restPort = restPort;
    this.bootstrap = bootstrap;
    this.topics = topics;
  }

  /** Signed {@code add(i, i)} invocations with an empty nonce: one Task ID each. */
  static List<Signed<Invocation>> invocations(Signer user, int count) {
    List<Signed<Invocation>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Invocation inv = Invocation.builder()
          .iss(user.did().toString()).sub(user.did().toString())
          .cmd(WasmRun.COMMAND)
          .args(new WasmRun(new WasmRun.ModuleRef.Linked(MODULE), "add", List.of(Ipld.integer(i), Ipld.integer(i))).toArgs())
          .emptyNonce().iat(1_700_000_000L).build();
      out.add(Signed.sign(user, inv));
    }
    return out;
  }

  /** Starts the job from {@code savepoint} (a URI) on its topics, its work under {@code dir}. */
  static MemoJob start(String bootstrap, Topics topics, Signer executor, String savepoint, Path dir, int parallelism,
      Duration checkpointInterval) throws Exception {
    TopicSetup.ensure(bootstrap, topics, parallelism, (short) 1);
    JobConfig config = JobConfig.builder()
        .bootstrap(bootstrap).topics(topics).groupId(topics.invocations() + ".job")
        .executorKeyPem(executor.toPem())
        .checkpointDir(dir.resolve("checkpoints").toUri().toString())
        .blocksDir(dir.resolve("blocks").toString())
        .checkpointInterval(checkpointInterval)
        .parallelism(parallelism)
        .build();
    int rest;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      rest = s.getLocalPort();
    }
    Configuration flink = new Configuration();
    flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    flink.set(RestOptions.PORT, rest);
    flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(4, parallelism)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    IpvmJob.build(env, config);
    return new MemoJob(env.executeAsync(IpvmJob.NAME), rest, bootstrap, topics);
  }

  /**
   * Publishes {@code invocations} and reads receipts until each has one.
   *
   * @return the receipts by invocation CID, and how long from the first send to the last receipt
   */
  Answered answer(List<Signed<Invocation>> invocations, Duration timeout) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "5");
    try (KafkaConsumer<byte[], byte[]> consumer = Consumers.atEnd(bootstrap, topics.receipts());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      Map<String, Signed<Receipt>> receipts = new HashMap<>();
      long start = System.nanoTime();
      for (Signed<Invocation> inv : invocations) {
        producer.send(new ProducerRecord<>(topics.invocations(), inv.bytes()));
      }
      producer.flush();
      long deadline = start + timeout.toNanos();
      long last = start;
      while (receipts.size() < invocations.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + receipts.size() + " of " + invocations.size() + " receipts in "
              + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          receipts.put(new String(r.key(), StandardCharsets.UTF_8), Receipt.decode(r.value()));
          last = System.nanoTime();
        }
      }
      return new Answered(receipts, Duration.ofNanos(last - start));
    }
  }

  /** What {@link #answer} read. */
  record Answered(Map<String, Signed<Receipt>> receipts, Duration took) {}

  /** The latest completed checkpoint's figures from the REST API: {@code [full state bytes, duration ms]}. */
  long[] lastCheckpoint() throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID() + "/checkpoints")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    var latest = new org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("latest").path("completed");
    return new long[] {latest.path("state_size").asLong(-1), latest.path("end_to_end_duration").asLong(-1)};
  }


  @Override
  public void close() throws Exception {
    job.cancel().get();
  }
}
