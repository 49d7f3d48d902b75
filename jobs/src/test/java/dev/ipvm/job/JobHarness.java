package dev.ipvm.job;

import dev.ipvm.job.config.JobConfig;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A running IPVM job for a test: a real broker (shared), a Flink MiniCluster of its own, topics
 * under a fresh prefix, a user key to sign invocations and a read_committed receipt reader.
 */
final class JobHarness implements AutoCloseable {
  final String bootstrap;
  final Topics topics;
  final Signer user = Signer.generate();
  final Signer executor = Signer.generate();
  final Path dir;
  final MiniCluster cluster;
  final KafkaProducer<byte[], byte[]> producer;
  private final String groupId;
  private final AtomicLong iat = new AtomicLong(1_700_000_000L);
  JobConfig config;
  JobClient job;

  JobHarness(java.util.function.UnaryOperator<JobConfig.Builder> tune) throws Exception {
    this(TestBroker.bootstrap(), tune);
  }

  /** The same on a broker of the test's own (one it restarts), instead of the shared one. */
  JobHarness(String bootstrap, java.util.function.UnaryOperator<JobConfig.Builder> tune) throws Exception {
    this(bootstrap, tune, c -> {});
  }

  /** The same with more Flink configuration for the MiniCluster (a metric reporter, say). */
  JobHarness(String bootstrap, java.util.function.UnaryOperator<JobConfig.Builder> tune,
      java.util.function.Consumer<Configuration> flink) throws Exception {
    this.bootstrap = bootstrap;
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    topics = Topics.DEFAULT.prefixed(prefix);
    groupId = prefix + "job";
    dir = Files.createTempDirectory("ipvm-job-test-");
    TopicSetup.ensure(bootstrap, topics, 2, (short) 1);
    config = tune.apply(JobConfig.builder()
        .bootstrap(bootstrap)
        .topics(topics)
        .groupId(groupId)
        .executorKeyPem(executor.toPem())
        .checkpointDir(dir.resolve("checkpoints").toString())
        .blocksDir(dir.resolve("blocks").toString())
        .checkpointInterval(Duration.ofMillis(300))
        .stateBackend("hashmap")
        .moduleWait(Duration.ofSeconds(20))).build();
    Configuration c = new Configuration();
    c.setString("taskmanager.memory.managed.size", "64m");
    c.setString("taskmanager.memory.network.min", "32m");
    c.setString("taskmanager.memory.network.max", "32m");
    c.setString("metrics.reporter.collect.factory.class", CollectingReporter.Factory.class.getName());
    flink.accept(c);
    cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(c).setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
    cluster.start();
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "0");
    p.put("max.request.size", Integer.toString(16 << 20));
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  JobHarness() throws Exception {
    this(b -> b);
  }

  /** Starts the job; from {@code checkpoint} when given. */
  JobHarness start(Path checkpoint) throws Exception {
    TestStreamEnvironment env = new TestStreamEnvironment(cluster, config.parallelism());
    if (checkpoint != null) {
      Configuration c = new Configuration();
      c.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
      env.configure(c);
    }
    IpvmJob.build(env, config);
    job = env.executeAsync(IpvmJob.NAME);
    return this;
  }

  JobHarness start() throws Exception {
    return start(null);
  }

  /** Whether the running job has restarted (failed over) since it was submitted. */
  boolean restarted() throws Exception {
    return cluster.getExecutionGraph(job.getJobID()).get()
        .getStatusTimestamp(org.apache.flink.api.common.JobStatus.RESTARTING) > 0;
  }

  void stopJob() throws Exception {
    if (job != null) {
      job.cancel().get();
      while (!job.getJobStatus().get().isGloballyTerminalState()) {
        Thread.sleep(50);
      }
      job = null;
    }
  }

  static byte[] sample(String name) throws IOException {
    try (InputStream in = JobHarness.class.getResourceAsStream("/samples/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Homestar's own test module (wit-bindgen exports, Homestar's host helpers), from the functions module's fixtures. */
  static byte[] homestarTestModule() throws IOException {
    return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../functions/src/test/resources/homestar/example_test.wasm"));
  }

  /** Publishes a block and returns its raw CID. */
  Cid putBlock(byte[] bytes) throws Exception {
    Cid cid = Cid.of(Multicodec.RAW, bytes);
    producer.send(new ProducerRecord<>(topics.blocks(), cid.toString().getBytes(StandardCharsets.UTF_8), bytes)).get();
    return cid;
  }

  /** Publishes a file as {@code ipfs add} would chunk it (every block under its CID) and returns its root CID. */
  Cid putFile(byte[] bytes) throws Exception {
    dev.ipvm.unixfs.UnixFs.Imported file = dev.ipvm.unixfs.UnixFs.importFile(bytes);
    for (dev.ipvm.unixfs.UnixFs.Block b : file.blocks()) {
      producer.send(new ProducerRecord<>(topics.blocks(), b.cid().toString().getBytes(StandardCharsets.UTF_8), b.bytes()))
          .get();
    }
    return file.root();
  }

  /** A pure /wasm/run invocation by the test user; each call gets a new iat, so a new invocation CID. */
  Signed<Invocation> invocation(WasmRun run, Ipld.Map meta) {
    Invocation inv = Invocation.builder()
        .iss(user.did().toString()).sub(user.did().toString())
        .cmd(WasmRun.COMMAND).args(run.toArgs()).meta(meta).emptyNonce()
        .iat(iat.incrementAndGet())
        .build();
    return Signed.sign(user, inv);
  }

  /** An invocation of {@code cmd} by the test user with this nonce (an effect when the nonce is not empty). */
  Signed<Invocation> invocation(String cmd, Ipld.Map args, byte[] nonce) {
    Invocation inv = Invocation.builder()
        .iss(user.did().toString()).sub(user.did().toString())
        .cmd(cmd).args(args).nonce(nonce)
        .iat(iat.incrementAndGet())
        .build();
    return Signed.sign(user, inv);
  }

  Signed<Invocation> invocation(Cid module, String fun, Ipld... params) {
    return invocation(new WasmRun(new WasmRun.ModuleRef.Linked(module), fun, List.of(params)), null);
  }

  void publish(Signed<?> signed) throws Exception {
    publishRaw(signed.bytes());
  }

  void publishRaw(byte[] value, org.apache.kafka.common.header.Header... headers) throws Exception {
    producer.send(new ProducerRecord<>(topics.invocations(), null, null, null, value, List.of(headers))).get();
  }

  /** A read_committed reader of a topic from its beginning. */
  Reader reader(String topic) {
    return new Reader(topic);
  }

  final class Reader implements AutoCloseable {
    final KafkaConsumer<byte[], byte[]> consumer;

    Reader(String topic) {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("isolation.level", "read_committed");
      p.put("enable.auto.commit", "false");
      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /** Reads until {@code n} records have come (or the time is up), then returns all so far. */
    List<ConsumerRecord<byte[], byte[]>> read(int n, Duration timeout) {
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long end = System.nanoTime() + timeout.toNanos();
      while (out.size() < n && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      return out;
    }

    /**
     * The receipts for these invocations (record key = invocation CID), waiting until each has
     * one or the time is up; other records are skipped. Then {@code settle} more for duplicates.
     */
    List<ConsumerRecord<byte[], byte[]>> receiptsFor(java.util.Collection<String> invocationCids, Duration timeout,
        Duration settle) {
      java.util.Set<String> wanted = new java.util.HashSet<>(invocationCids);
      java.util.Set<String> seen = new java.util.HashSet<>();
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long end = System.nanoTime() + timeout.toNanos();
      while (seen.size() < wanted.size() && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (wanted.contains(key(r))) {
            out.add(r);
            seen.add(key(r));
          }
        }
      }
      for (ConsumerRecord<byte[], byte[]> r : drain(settle)) {
        if (wanted.contains(key(r))) {
          out.add(r);
        }
      }
      return out;
    }

    /** The one receipt for {@code inv}, failing if none or more than one comes. */
    ConsumerRecord<byte[], byte[]> receiptFor(Signed<?> inv) {
      List<ConsumerRecord<byte[], byte[]>> got = receiptsFor(List.of(inv.cid().toString()), Duration.ofSeconds(60),
          Duration.ZERO);
      if (got.size() != 1) {
        throw new AssertionError("expected one receipt for " + inv.cid() + ", got " + got.size());
      }
      return got.get(0);
    }

    /** Everything that arrives within {@code d}. */
    List<ConsumerRecord<byte[], byte[]>> drain(Duration d) {
      return read(Integer.MAX_VALUE, d);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  static Signed<Receipt> receipt(ConsumerRecord<byte[], byte[]> r) {
    return Receipt.decode(r.value()).verify();
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  static Map<String, String> statusOf(ConsumerRecord<byte[], byte[]> r) {
    return Map.of("status", String.valueOf(header(r, Headers.STATUS)));
  }

  @Override
  public void close() throws Exception {
    try {
      stopJob();
    } finally {
      producer.close();
      cluster.close();
    }
  }
}
