package dev.ipvm.job;

import dev.ipvm.job.config.Fairness;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.IdempotentServer;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * An issuer past its share of an executor's queue is answered {@code Overloaded} at once; the
 * refused task did not run, so the same invocation sent again later runs (an effect is not
 * journaled as done, a pure task not memoized).
 */
class OverloadedIT {

  @Test
  void anOverloadedEffectDidNotRunAndRunsWhenSentAgain() throws Exception {
    try (IdempotentServer server = new IdempotentServer();
         JobHarness h = new JobHarness(b -> b
             .effects(b.effects().withConcurrency(2).withHttp("127.0.0.1:" + server.port(), true)
                 .withHttpTiming(Duration.ofSeconds(50), 0, Duration.ofMillis(50)))
             // one run of an issuer held per executor instance: the second is refused
             .fairness(new Fairness(0.5, 1, 64L << 20))).start();
         JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      List<Signed<Invocation>> holds = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        holds.add(h.invocation("/http/post", EffectsIT.post(server.url("/hold"), "{\"n\":" + i + "}"), EffectsIT.nonce()));
      }
      for (Signed<Invocation> inv : holds) {
        h.producer.send(new ProducerRecord<>(h.topics.invocations(), inv.bytes()));
      }
      h.producer.flush();

      // At most one per executor instance (two) is held by the server; the rest are refused at once.
      Map<String, Receipt> refused = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : receipts.receiptsFor(holds.stream().map(s -> s.cid().toString()).toList(),
          Duration.ofSeconds(15), Duration.ZERO)) {
        refused.put(JobHarness.key(r), JobHarness.receipt(r).payload());
      }
      assertThat(refused.values()).allSatisfy(r -> assertThat(EffectsIT.errorName(r)).isEqualTo("Overloaded"));
      assertThat(refused).hasSizeBetween(4, 5);
      for (Signed<Invocation> inv : holds) {
        if (refused.containsKey(inv.cid().toString())) {
          assertThat(server.requestsWithKey(inv.payload().taskId().toString())).as("a refused effect sent nothing")
              .isEmpty();
        }
      }
      server.release();
      List<String> held = holds.stream().map(s -> s.cid().toString()).filter(c -> !refused.containsKey(c)).toList();
      assertThat(receipts.receiptsFor(held, Duration.ofSeconds(60), Duration.ZERO)).as("the held ones finish")
          .hasSize(held.size()).allSatisfy(r -> assertThat(JobHarness.receipt(r).payload().out()).isInstanceOf(Outcome.Ok.class));

      // The same invocations again: each runs now (no replay of the refusal), one request per key.
      for (Signed<Invocation> inv : holds) {
        if (!refused.containsKey(inv.cid().toString())) {
          continue;
        }
        h.publish(inv);
        Receipt r = JobHarness.receipt(receipts.receiptFor(inv)).payload();
        assertThat(r.out()).as("sent again").isInstanceOf(Outcome.Ok.class);
        assertThat(r.meta().get("replay")).as("it ran: not the refusal replayed").isNull();
        assertThat(((Ipld.Map) ((Outcome.Ok) r.out()).value()).get("status")).isEqualTo(Ipld.integer(201));
        assertThat(server.requestsWithKey(inv.payload().taskId().toString())).hasSize(1);
      }
      assertThat(h.restarted()).isFalse();
    }
  }
}
