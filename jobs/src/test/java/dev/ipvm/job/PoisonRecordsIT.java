package dev.ipvm.job;

import dev.ipvm.job.config.Fairness;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.testing.TestTopics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three records that used to stop the job for everyone, each surviving a restart: a publish
 * to a topic internal to Kafka, a publish larger than its topic takes, and fifty infinite loops
 * that held every checkpoint behind a full executor queue. Each now gets a named error receipt
 * (or waits its turn), other issuers keep getting receipts, the job never restarts, and a
 * restart from its newest checkpoint is healthy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonRecordsIT {
  static final String OUT_PREFIX = "poison-" + UUID.randomUUID().toString().substring(0, 6) + "-";
  /** Loops one issuer may queue per executor instance in this test: 50 sent over 2 instances, so some are refused. */
  static final int TENANT_QUEUE = 20;

  static JobHarness h;
  static JobHarness.Reader receipts;
  static Cid math;
  static final Signer other = Signer.generate();

  @BeforeAll
  static void start() throws Exception {
    // '*': the operator allows every topic, and still no internal topic may be written
    h = new JobHarness(b -> b.effects(b.effects().withKafkaAllow("*"))
        .fairness(new Fairness(0.5, TENANT_QUEUE, 64L << 20))).start();
    math = h.putBlock(JobHarness.sample("math.wasm"));
    receipts = h.reader(h.topics.receipts());
  }

  @AfterAll
  static void stop() throws Exception {
    receipts.close();
    h.close();
  }

  static Signed<Invocation> publish(String topic, Ipld value, String key) {
    Ipld.Map.Builder args = Ipld.Map.builder().put("topic", topic).put("value", value);
    if (key != null) {
      args.put("key", key);
    }
    return h.invocation("/kafka/publish", args.build(), EffectsIT.nonce());
  }

  /** An {@code add} by another issuer than the test user. */
  static Signed<Invocation> addBy(Signer who, int a, int b) {
    return Signed.sign(who, Invocation.builder().iss(who.did().toString()).sub(who.did().toString())
        .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
            List.of(Ipld.integer(a), Ipld.integer(b))).toArgs())
        .emptyNonce().iat(System.nanoTime()).build());
  }

  static Map<String, Receipt> receiptsOf(List<Signed<Invocation>> invs, Duration timeout) {
    Map<String, Receipt> got = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : receipts.receiptsFor(invs.stream().map(i -> i.cid().toString()).toList(),
        timeout, Duration.ZERO)) {
      got.put(JobHarness.key(r), JobHarness.receipt(r).payload());
    }
    return got;
  }

  static void assertHealthy() throws Exception {
    Signed<Invocation> add = addBy(other, 20, 22);
    h.publish(add);
    assertThat(JobHarness.receipt(receipts.receiptFor(add)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
    assertThat(h.restarted()).as("the job never restarted").isFalse();
  }

  @Test
  @Order(1)
  void publishesToKafkasInternalTopicsAreDeniedEvenWhenEveryTopicIsAllowed() throws Exception {
    List<Signed<Invocation>> invs = List.of(
        publish("__consumer_offsets", Ipld.text("forged offset"), "k"),
        publish("__transaction_state", Ipld.text("forged transaction"), "k"),
        publish("__anything_internal", Ipld.text("x"), "k"));
    for (Signed<Invocation> inv : invs) {
      h.publish(inv);
    }
    Map<String, Receipt> got = receiptsOf(invs, Duration.ofSeconds(60));
    assertThat(got).hasSize(invs.size());
    assertThat(got.values()).allSatisfy(r -> {
      assertThat(EffectsIT.errorName(r)).isEqualTo("DestinationDenied");
      assertThat(((Outcome.Error) r.out()).message()).contains("internal");
    });
    assertHealthy();
  }

  @Test
  @Order(2)
  void aPublishLargerThanItsTopicTakesGetsTooLargeAndACompactedTopicNeedsAKey() throws Exception {
    String small = OUT_PREFIX + "default-limits"; // the broker's default max.message.bytes: about 1 MiB
    String compacted = OUT_PREFIX + "compacted";
    TestTopics.create(h.bootstrap, new NewTopic(small, 1, (short) 1),
        new NewTopic(compacted, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    Signed<Invocation> tooLarge = publish(small, Ipld.Bytes.of(new byte[2_000_000]), "k");
    Signed<Invocation> noKey = publish(compacted, Ipld.text("v"), null);
    Signed<Invocation> fits = publish(small, Ipld.Bytes.of(new byte[500_000]), "k");
    List<Signed<Invocation>> invs = List.of(tooLarge, noKey, fits);
    for (Signed<Invocation> inv : invs) {
      h.publish(inv);
    }
    Map<String, Receipt> got = receiptsOf(invs, Duration.ofSeconds(60));
    assertThat(EffectsIT.errorName(got.get(tooLarge.cid().toString()))).isEqualTo("TooLarge");
    assertThat(((Outcome.Error) got.get(tooLarge.cid().toString()).out()).message()).contains("max.message.bytes");
    assertThat(EffectsIT.errorName(got.get(noKey.cid().toString()))).isEqualTo("InvalidArgs");
    assertThat(EffectsIT.okMap(got.get(fits.cid().toString())).get("bytes")).isEqualTo(Ipld.integer(500_000));
    try (JobHarness.Reader out = h.reader(small)) {
      assertThat(out.drain(Duration.ofSeconds(2))).as("only the record that fits was written").singleElement()
          .satisfies(r -> assertThat(r.value()).hasSize(500_000));
    }
    assertHealthy();
  }

  @Test
  @Order(3)
  void aRecordTooLargeForTheDlqTopicIsCutToFitIt() throws Exception {
    // The operator keeps the DLQ at the broker's default size while the invocations topic takes 16 MiB.
    Properties p = new Properties();
    p.put("bootstrap.servers", h.bootstrap);
    try (Admin admin = Admin.create(p)) {
      var topic = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, h.topics.dlq());
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
          new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", Integer.toString(1 << 20)),
          org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
    }
    byte[] garbage = new byte[3_000_000];
    java.util.Arrays.fill(garbage, (byte) 0xff); // not DAG-CBOR
    h.publishRaw(garbage);
    try (JobHarness.Reader dlq = h.reader(h.topics.dlq())) {
      List<ConsumerRecord<byte[], byte[]>> got = dlq.read(1, Duration.ofSeconds(60));
      assertThat(got).singleElement().satisfies(r -> {
        assertThat(JobHarness.header(r, "reason")).isEqualTo("InvalidDagCbor");
        assertThat(JobHarness.header(r, "message")).contains("cut to its first").contains("of 3000000 bytes");
        assertThat(r.value().length).isLessThan(1 << 20);
        assertThat(r.value()).containsOnly((byte) 0xff);
      });
    }
    assertHealthy();
  }

  @Test
  @Order(4)
  void fiftyInfiniteLoopsNeitherHoldUpCheckpointsNorStarveAnotherIssuer() throws Exception {
    List<Signed<Invocation>> loops = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // fresh nonces: fifty tasks, nothing to share
      loops.add(Signed.sign(h.user, Invocation.builder().iss(h.user.did().toString()).sub(h.user.did().toString())
          .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Inline(BadInputIT.SPIN), "spin", List.of()).toArgs())
          .meta(Ipld.Map.builder().put("fuel", 100_000_000_000L).put("time", 60_000).build())
          .nonce(EffectsIT.nonce()).iat(System.nanoTime()).build()));
    }
    for (Signed<Invocation> loop : loops) {
      h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.invocations(), loop.bytes()));
    }
    h.producer.flush();
    Thread.sleep(2000); // every loop dispatched; the user's slots are taken

    long checkpointsBefore = completedCheckpoints();
    List<Signed<Invocation>> adds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Signed<Invocation> add = addBy(other, i, 100);
      long sent = System.nanoTime();
      h.publish(add);
      Receipt r = JobHarness.receipt(receipts.receiptFor(add)).payload();
      assertThat(r.out()).isEqualTo(new Outcome.Ok(Ipld.integer(i + 100)));
      System.out.printf("add %d by another issuer during the loops: receipt after %d ms%n", i,
          (System.nanoTime() - sent) / 1_000_000);
      adds.add(add);
    }
    assertThat(completedCheckpoints()).as("checkpoints complete while the loops run")
        .isGreaterThan(checkpointsBefore + 2);

    // Past its share of the queue the flooding issuer is told so at once, by name.
    Map<String, Receipt> refused = new HashMap<>();
    try (JobHarness.Reader all = h.reader(h.topics.receipts())) { // from the start: the other reader skipped them
      for (ConsumerRecord<byte[], byte[]> r : all.receiptsFor(loops.stream().map(l -> l.cid().toString()).toList(),
          Duration.ofSeconds(5), Duration.ZERO)) {
        refused.put(JobHarness.key(r), JobHarness.receipt(r).payload());
      }
    }
    assertThat(refused.values()).isNotEmpty().allSatisfy(r -> assertThat(EffectsIT.errorName(r)).isEqualTo("Overloaded"));
    assertThat(refused.size()).as("at most %d per executor instance are held", TENANT_QUEUE)
        .isGreaterThanOrEqualTo(50 - 2 * TENANT_QUEUE);
    assertThat(h.restarted()).isFalse();
  }

  @Test
  @Order(5)
  void aRestartFromTheNewestCheckpointIsHealthy() throws Exception {
    Thread.sleep(1000); // a checkpoint with all of the above
    h.stopJob();
    Path checkpoint = Checkpoints.latest(h.dir.resolve("checkpoints")).orElseThrow();
    h.start(checkpoint);
    // the loops that were queued are queued again; another issuer still gets its slot
    assertHealthy();
  }

  static long completedCheckpoints() throws Exception {
    return h.cluster.getExecutionGraph(h.job.getJobID()).get().getCheckpointStatsSnapshot().getCounts()
        .getNumberOfCompletedCheckpoints();
  }
}
