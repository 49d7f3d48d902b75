package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.testing.IdempotentServer;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A TaskManager dies after an HTTP effect was applied and before its result reached a
 * checkpoint. The job fails over and sends the request again with the same Idempotency-Key, so
 * the server applies every effect once; every invocation gets one receipt; every
 * {@code /kafka/publish} record is there exactly once for read_committed readers.
 */
class EffectFailoverIT {
  private static final int PER_PHASE_HTTP = 15;
  private static final int PER_PHASE_PUBLISH = 60;

  @Test
  void effectsAreAppliedOnceAndPublishedOnceThroughACrash() throws Exception {
    String prefix = "fx-out-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    String out = prefix + "events";
    try (IdempotentServer server = new IdempotentServer();
         JobHarness h = new JobHarness(b -> b.checkpointInterval(Duration.ofMillis(400)).effects(b.effects()
             .withHttp("127.0.0.1:" + server.port(), true).withKafkaAllow(prefix + "*"))).start();
         JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      EffectsIT.createTopic(h.bootstrap, out);
      List<Signed<Invocation>> all = new ArrayList<>();
      Map<String, String> publishedValue = new java.util.HashMap<>();

      phase(h, server, out, 0, all, publishedValue);
      Signed<Invocation> hold = h.invocation("/http/post",
          Ipld.Map.builder().put("url", server.url("/hold")).put("body", "held").build(), EffectsIT.nonce());
      h.publish(hold);
      all.add(hold);
      assertThat(server.held.await(60, TimeUnit.SECONDS)).as("the held request arrived").isTrue();
      // Applied by the server, its answer not yet back: the worst moment to lose the TaskManager.
      h.cluster.terminateTaskManager(0).get();
      h.cluster.startTaskManager();
      server.release();
      phase(h, server, out, 1, all, publishedValue);

      List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(
          all.stream().map(s -> s.cid().toString()).toList(), Duration.ofSeconds(120), Duration.ofSeconds(3));
      Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(JobHarness::key, Collectors.counting()));
      assertThat(all).allSatisfy(inv -> assertThat(counts.get(inv.cid().toString())).as("receipts for %s", inv.cid())
          .isEqualTo(1L));
      assertThat(got).allSatisfy(r -> assertThat(JobHarness.receipt(r).payload().out()).isInstanceOf(Outcome.Ok.class));
      assertThat(h.restarted()).as("the job failed over").isTrue();

      String heldKey = hold.payload().taskId().toString();
      assertThat(server.requestsWithKey(heldKey).size()).as("the held request was sent again after the crash")
          .isGreaterThanOrEqualTo(2);
      assertThat(server.applied).as("every effect applied exactly once").hasSize(2 * PER_PHASE_HTTP + 1)
          .allSatisfy((key, n) -> assertThat(n.get()).as("applications of %s", key).isEqualTo(1));

      try (JobHarness.Reader reader = h.reader(out)) {
        List<ConsumerRecord<byte[], byte[]>> records = reader.read(publishedValue.size(), Duration.ofSeconds(30));
        records.addAll(reader.drain(Duration.ofSeconds(2)));
        Map<String, List<String>> byTask = records.stream().collect(Collectors.groupingBy(
            r -> JobHarness.header(r, Headers.TASK), Collectors.mapping(r -> new String(r.value(),
                StandardCharsets.UTF_8), Collectors.toList())));
        assertThat(byTask).hasSize(publishedValue.size());
        publishedValue.forEach((task, value) -> assertThat(byTask.get(task)).as("records of %s", task)
            .containsExactly(value));
      }
    }
  }

  /** Publishes, interleaved, HTTP posts and /kafka/publish effects, each with a fresh nonce. */
  private static void phase(JobHarness h, IdempotentServer server, String out, int phase,
      List<Signed<Invocation>> all, Map<String, String> publishedValue) throws Exception {
    for (int i = 0; i < PER_PHASE_PUBLISH; i++) {
      String value = "event-" + phase + "-" + i;
      Signed<Invocation> pub = h.invocation("/kafka/publish",
          Ipld.Map.builder().put("topic", out).put("value", value).build(), EffectsIT.nonce());
      publishedValue.put(pub.payload().taskId().toString(), value);
      h.publish(pub);
      all.add(pub);
      if (i % (PER_PHASE_PUBLISH / PER_PHASE_HTTP) == 0) {
        Signed<Invocation> post = h.invocation("/http/post",
            Ipld.Map.builder().put("url", server.url("/orders/" + phase + "/" + i)).put("body", value).build(),
            EffectsIT.nonce());
        h.publish(post);
        all.add(post);
      }
    }
  }
}
