package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Hostile scenario 1, a flood: one issuer sends 1,000 infinite loops at once while another sends
 * {@code add} at a steady rate. The flooder holds at most its share of each executor's slots and
 * its share of the queue (the rest is answered {@code Overloaded} at once), so the healthy
 * issuer's p99 may grow by at most the criterion of the issue: p99 during the flood <= 2 x its
 * quiet p99 + one checkpoint interval. Every invocation gets exactly one receipt; the job never
 * restarts.
 */
class HostileFloodCheck {
  static final int FLOOD = 1000;
  static final Set<String> FLOOD_ANSWERS = Set.of("Timeout", "Overloaded", "OutOfFuel");

  @Test
  void aFloodOfLoopsFromOneIssuerKeepsAnotherIssuersP99WithinTheCriterion() throws Exception {
    try (JobHarness h = new JobHarness(Hostile::tune).start()) {
      Cid math = h.putBlock(JobHarness.sample("math.wasm"));
      List<Signed<Invocation>> flood = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        flood.add(Hostile.loop(h.user));
      }
      List<String> floodKeys = flood.stream().map(f -> f.cid().toString()).toList();
      try (ReceiptLedger receipts = new ReceiptLedger(h, h.topics.receipts());
           CheckpointWatch checkpoints = new CheckpointWatch(h);
           HealthyIssuer healthy = new HealthyIssuer(h, math, Hostile.HEALTHY_PER_SECOND, "healthy")) {
        Hostile.sleep(Hostile.WARM_UP);
        Phases at = Phases.quietFromNow();
        Hostile.sleep(Hostile.QUIET);

        at.attackNow();
        for (Signed<Invocation> f : flood) {
          byte[] key = f.payload().taskId().toString().getBytes(StandardCharsets.UTF_8);
          h.producer.send(new ProducerRecord<>(h.topics.invocations(), key, f.bytes()));
        }
        h.producer.flush();
        // "during" lasts until the flood is answered: the last loop has run out of time
        receipts.awaitAll(floodKeys, Duration.ofMinutes(3));
        at.endNow();
        healthy.stop();

        List<HealthyIssuer.Sent> all = healthy.sent();
        receipts.awaitAll(HealthyIssuer.keys(all), Duration.ofSeconds(60));
        Hostile.sleep(Duration.ofSeconds(3)); // a duplicate would come by now
        long restarts = Hostile.restarts(h);

        ReceiptLedger.Tally tally = receipts.tally(floodKeys).plus(receipts.tally(HealthyIssuer.keys(all)));
        Latency quiet = at.quietLatency(healthy, receipts);
        Latency during = at.duringLatency(healthy, receipts);
        long bound = 2 * quiet.p99() + Hostile.CHECKPOINT.toMillis();
        List<String> names = new ArrayList<>();
        long lastFlood = at.attack();
        for (String k : floodKeys) {
          for (ReceiptLedger.Arrival a : receipts.arrivals(k)) {
            Receipt r = JobHarness.receipt(a.record()).payload();
            names.add(r.out() instanceof Outcome.Error e ? e.name() : "ok");
            lastFlood = Math.max(lastFlood, a.nanos());
          }
        }
        List<String> wrong = HealthyIssuer.wrong(all, receipts);

        List<String> failures = new ArrayList<>();
        if (tally.lost() > 0 || tally.duplicated() > 0) {
          failures.add(tally.lost() + " lost, " + tally.duplicated() + " duplicated");
        }
        if (!FLOOD_ANSWERS.containsAll(names)) {
          failures.add("flood answered other than " + FLOOD_ANSWERS + ": " + Hostile.counts(names));
        }
        if (!wrong.isEmpty()) {
          failures.add(wrong.size() + " wrong add receipts, e.g. " + wrong.get(0));
        }
        if (restarts > 0) {
          failures.add("the job restarted");
        }
        if (quiet.n() == 0 || during.n() == 0 || during.p99() > bound) {
          failures.add("p99 during " + during.p99() + " ms > 2 x " + quiet.p99() + " + " + Hostile.CHECKPOINT.toMillis()
              + " = " + bound + " ms");
        }
        HostileReport.add(new HostileReport.Row(1, "1 flood: 1000 loops from one issuer", tally, quiet, during,
            Hostile.restartedCell(restarts), Hostile.verdict(failures),
            "flood answered " + Hostile.counts(names) + ", the last " + (lastFlood - at.attack()) / 1_000_000
                + " ms after the first was sent; healthy issuer sent " + all.size() + " add, " + wrong.size()
                + " wrong; criterion p99 during <= 2 x " + quiet.p99() + " + " + Hostile.CHECKPOINT.toMillis() + " = "
                + bound + " ms: " + (during.p99() <= bound ? "met" : "NOT met") + " (max during " + during.max()
                + " ms); " + at.diagnosis(healthy, receipts, checkpoints) + "."));

        assertThat(failures).as("hostile scenario 1, the flood").isEmpty();
      }
    }
  }
}
