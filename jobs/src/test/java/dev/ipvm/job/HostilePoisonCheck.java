package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.testing.TestTopics;
import dev.ipvm.topic.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Hostile scenario 2: every class of poison record in one go, while a healthy issuer keeps
 * sending. Each record ends in exactly one named error receipt (when it is an envelope) or one
 * DLQ record (when it is not), the healthy issuer gets every receipt, and the job never
 * restarts. The records themselves are in {@link PoisonRecords}.
 */
class HostilePoisonCheck {
  static final String OUT_PREFIX = "hostile-" + UUID.randomUUID().toString().substring(0, 6) + "-";

  @Test
  void everyPoisonClassAtOnceGetsNamedAnswersAndTheJobNeverRestarts() throws Exception {
    // '*': every topic allowed, so only the topic checks stand between a publish and the broker
    try (JobHarness h = new JobHarness(b -> Hostile.tune(b).effects(b.effects().withKafkaAllow("*"))).start()) {
      Cid math = h.putBlock(JobHarness.sample("math.wasm"));
      String small = OUT_PREFIX + "default-limits"; // the broker's default max.message.bytes, about 1 MiB
      String compacted = OUT_PREFIX + "compacted";
      TestTopics.create(h.bootstrap, new NewTopic(small, 1, (short) 1),
          new NewTopic(compacted, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
      PoisonRecords poison = new PoisonRecords(h, math, small, compacted);

      try (ReceiptLedger receipts = new ReceiptLedger(h, h.topics.receipts());
           ReceiptLedger dlq = new ReceiptLedger(h, h.topics.dlq());
           CheckpointWatch checkpoints = new CheckpointWatch(h);
           HealthyIssuer healthy = new HealthyIssuer(h, math, Hostile.HEALTHY_PER_SECOND, "healthy")) {
        Hostile.sleep(Hostile.WARM_UP);
        Phases at = Phases.quietFromNow();
        Hostile.sleep(Hostile.QUIET);

        at.attackNow();
        poison.send();
        boolean answered = receipts.awaitAll(poison.receiptKeys(), Duration.ofMinutes(3))
            & dlq.awaitAll(poison.dlqKeys(), Duration.ofSeconds(30));
        at.endNow();
        healthy.stop();

        List<HealthyIssuer.Sent> all = healthy.sent();
        receipts.awaitAll(HealthyIssuer.keys(all), Duration.ofSeconds(60));
        Hostile.sleep(Duration.ofSeconds(3));
        long restarts = Hostile.restarts(h);

        ReceiptLedger.Tally tally = receipts.tally(poison.receiptKeys()).plus(dlq.tally(poison.dlqKeys()))
            .plus(receipts.tally(HealthyIssuer.keys(all)));
        Latency quiet = at.quietLatency(healthy, receipts);
        Latency during = at.duringLatency(healthy, receipts);
        List<String> wrong = HealthyIssuer.wrong(all, receipts);

        // the names each class got, and those it should not have
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (PoisonRecords.Poison x : poison.all()) {
          for (ReceiptLedger.Arrival a : (x.dlq() ? dlq : receipts).arrivals(x.key())) {
            String name = x.dlq() ? JobHarness.header(a.record(), Headers.REASON) : errorName(a);
            byClass.computeIfAbsent(x.cls(), c -> new ArrayList<>()).add(name);
            if (!x.names().contains(name)) {
              unexpected.add(x.cls() + " got " + name + " (" + message(a, x.dlq()) + "), expected one of "
                  + x.names());
            }
          }
        }

        List<String> failures = new ArrayList<>();
        if (tally.lost() > 0 || tally.duplicated() > 0 || !answered) {
          failures.add(tally.lost() + " lost, " + tally.duplicated() + " duplicated");
        }
        failures.addAll(unexpected);
        if (!wrong.isEmpty()) {
          failures.add(wrong.size() + " wrong add receipts, e.g. " + wrong.get(0));
        }
        if (restarts > 0) {
          failures.add("the job restarted");
        }
        long bound = 2 * quiet.p99() + Hostile.CHECKPOINT.toMillis();
        StringBuilder notes = new StringBuilder();
        byClass.forEach((c, names) -> notes.append(c).append(": ").append(Hostile.counts(names)).append("; "));
        notes.append("healthy issuer sent ").append(all.size()).append(" add, ").append(wrong.size())
            .append(" wrong; p99 during ").append(during.p99()).append(" ms against 2 x quiet p99 + checkpoint = ")
            .append(bound).append(" ms (reported, not judged here); ")
            .append(at.diagnosis(healthy, receipts, checkpoints)).append('.');
        HostileReport.add(new HostileReport.Row(2, "2 poison: " + poison.all().size() + " records of "
            + byClass.size() + " classes at once", tally, quiet, during, Hostile.restartedCell(restarts),
            Hostile.verdict(failures), notes.toString()));

        assertThat(failures).as("hostile scenario 2, poison records").isEmpty();
      }
    }
  }

  private static String message(ReceiptLedger.Arrival a, boolean dlq) {
    if (dlq) {
      return JobHarness.header(a.record(), Headers.MESSAGE);
    }
    Outcome out = JobHarness.receipt(a.record()).payload().out();
    return out instanceof Outcome.Error e ? e.message() : "ok";
  }

  private static String errorName(ReceiptLedger.Arrival a) {
    Outcome out = JobHarness.receipt(a.record()).payload().out();
    return out instanceof Outcome.Error e ? e.name() : "ok";
  }

  /** Whether the DAG-CBOR decoder takes these bytes (the intake's first step). */
  static boolean decodes(byte[] bytes) {
    try {
      DagCbor.decode(bytes);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static final Set<String> LOOP_ANSWERS = HostileFloodCheck.FLOOD_ANSWERS;

  static Ipld nested(int depth) {
    Ipld v = Ipld.integer(1);
    for (int i = 0; i < depth; i++) {
      v = Ipld.list(v);
    }
    return v;
  }
}
