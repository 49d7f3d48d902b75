package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Receipts are exactly once across failures: a TaskManager killed mid-stream (the job fails over
 * to its last checkpoint) and a job cancelled mid-stream and started again from its retained
 * checkpoint at another parallelism. A read_committed reader sees one receipt per invocation: none missing, none twice.
 */
class ExactlyOnceIT {
  private static final int PER_PHASE = 2000;

  @Test
  void oneReceiptPerInvocationThroughACrashAndARestartFromCheckpoint() throws Exception {
    try (JobHarness h = new JobHarness(b -> b.checkpointInterval(Duration.ofMillis(400))).start();
         JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      Cid math = h.putBlock(JobHarness.sample("math.wasm"));
      Map<String, Integer> expected = new HashMap<>();

      // Phase 1: the TaskManager dies while invocations stream in; the job fails over.
      CompletableFuture<Void> sending = publishSlowly(h, math, 0, PER_PHASE, expected);
      Thread.sleep(1500);
      h.cluster.terminateTaskManager(0).get();
      h.cluster.startTaskManager();
      sending.get();
      checkExactlyOnce(receipts, expected, Duration.ofSeconds(120));
      assertThat(h.restarted()).as("the job failed over").isTrue();

      // Phase 2: the job is cancelled mid-stream and a new one, rescaled from 2 to 1, resumes from
      // the retained checkpoint.
      Map<String, Integer> expected2 = new HashMap<>();
      sending = publishSlowly(h, math, PER_PHASE, PER_PHASE, expected2);
      Thread.sleep(1500);
      h.stopJob();
      sending.get();
      Path checkpoint = Checkpoints.latest(Path.of(h.config.checkpointDir())).orElseThrow();
      h.config = h.config.withParallelism(1);
      h.start(checkpoint);
      checkExactlyOnce(receipts, expected2, Duration.ofSeconds(120));

      // The memo survived both, and the rescale: the first task again is answered from it.
      Signed<Invocation> again = h.invocation(math, "add", Ipld.integer(0), Ipld.integer(1));
      h.publish(again);
      Receipt r = JobHarness.receipt(receipts.receiptFor(again)).payload();
      assertThat(r.meta().get("memo")).isNotNull();
      assertThat(r.out()).isEqualTo(new Outcome.Ok(Ipld.integer(1)));
    }
  }

  /** Publishes add(i, 1) for i in [from, from + n), about a thousand a second. */
  private static CompletableFuture<Void> publishSlowly(JobHarness h, Cid math, int from, int n,
      Map<String, Integer> expected) {
    List<Signed<Invocation>> invs = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      Signed<Invocation> inv = h.invocation(math, "add", Ipld.integer(i), Ipld.integer(1));
      invs.add(inv);
      expected.put(inv.cid().toString(), i + 1);
    }
    return CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < invs.size(); i++) {
          h.producer.send(new ProducerRecord<>(h.topics.invocations(), invs.get(i).bytes()));
          if (i % 100 == 99) {
            h.producer.flush();
            Thread.sleep(100);
          }
        }
        h.producer.flush();
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
  }

  private static void checkExactlyOnce(JobHarness.Reader receipts, Map<String, Integer> expected, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(expected.keySet(), timeout, Duration.ofSeconds(3));
    Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(JobHarness::key, Collectors.counting()));
    List<String> missing = expected.keySet().stream().filter(k -> !counts.containsKey(k)).toList();
    List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    assertThat(missing).as("invocations without a receipt").isEmpty();
    assertThat(twice).as("invocations with more than one receipt").isEmpty();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      assertThat(JobHarness.receipt(r).payload().out())
          .isEqualTo(new Outcome.Ok(Ipld.integer(expected.get(JobHarness.key(r)))));
    }
  }
}
