package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Small pure tasks run in their task function once their module is compiled in the TaskManager
 * ({@code exec.inline.fuel}): in a real job, with their receipts as the executor would sign them
 * and no round trip over the feedback topic; a larger run still goes to the executor.
 */
class InlineRunIT {
  static JobHarness h;
  static Cid math;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness().start();
    math = h.putBlock(JobHarness.sample("math.wasm"));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void smallTasksRunInTheirTaskFunctionWithoutTheFeedbackRoundTrip() throws Exception {
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      Signed<Invocation> first = h.invocation(math, "add", Ipld.integer(0), Ipld.integer(1));
      h.publish(first); // the executor compiles the module (unless an inline run finds it compiled already)
      assertThat(out(receipts.receiptFor(first))).isEqualTo(new Outcome.Ok(Ipld.integer(1)));

      long inline = CollectingReporter.sum("inlineRuns");
      long executions = CollectingReporter.sum("executions");
      List<Signed<Invocation>> adds = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        adds.add(h.invocation(math, "add", Ipld.integer(i), Ipld.integer(100)));
      }
      Signed<Invocation> large = h.invocation(math, "fib_rec", Ipld.integer(24));
      for (Signed<Invocation> inv : adds) {
        h.publish(inv);
      }
      h.publish(large);
      List<String> cids = new ArrayList<>(adds.stream().map(i -> i.cid().toString()).toList());
      cids.add(large.cid().toString());
      java.util.Map<String, Receipt> got = receipts.receiptsFor(cids, Duration.ofSeconds(90), Duration.ZERO).stream()
          .collect(Collectors.toMap(JobHarness::key, rec -> JobHarness.receipt(rec).payload()));
      for (int i = 0; i < adds.size(); i++) {
        Receipt r = got.get(adds.get(i).cid().toString());
        assertThat(r).as("receipt of add %d", i + 1).isNotNull();
        assertThat(r.out()).isEqualTo(new Outcome.Ok(Ipld.integer(i + 101)));
        assertThat(r.iss()).isEqualTo(h.executor.did().toString());
        assertThat(r.meta().get("memo")).as("a run, not a reuse").isNull();
        assertThat(r.meta().get("fuel")).isInstanceOf(Ipld.Int.class);
      }
      assertThat(got.get(large.cid().toString()).out()).isEqualTo(new Outcome.Ok(Ipld.integer(46368)));
      assertThat(CollectingReporter.sum("inlineRuns") - inline).as("the five adds, not fib_rec(24)").isEqualTo(5);
      assertThat(CollectingReporter.sum("executions") - executions).as("every run counts as an execution").isEqualTo(6);

      Set<String> smallTasks = adds.stream().map(i -> i.payload().taskId().toString()).collect(Collectors.toSet());
      try (JobHarness.Reader feedback = h.reader(h.topics.feedback())) {
        Set<String> keys = feedback.drain(Duration.ofSeconds(3)).stream().map(JobHarness::key)
            .collect(Collectors.toSet());
        assertThat(keys).as("the executor's result of fib_rec came back over the feedback topic")
            .contains(large.payload().taskId().toString());
        assertThat(keys).as("the inline runs did not").doesNotContainAnyElementsOf(smallTasks);
      }
    }
  }

  @Test
  void aSecondInvocationOfAnInlineRunIsAMemoHit() throws Exception {
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      Signed<Invocation> warm = h.invocation(math, "add", Ipld.integer(7), Ipld.integer(0));
      h.publish(warm);
      receipts.receiptFor(warm);
      Signed<Invocation> a = h.invocation(math, "add", Ipld.integer(7), Ipld.integer(7));
      Signed<Invocation> b = h.invocation(math, "add", Ipld.integer(7), Ipld.integer(7));
      h.publish(a);
      Signed<Receipt> ra = JobHarness.receipt(receipts.receiptFor(a));
      h.publish(b);
      Signed<Receipt> rb = JobHarness.receipt(receipts.receiptFor(b));
      assertThat(rb.payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(14)));
      assertThat(rb.payload().meta().get("memo")).isEqualTo(Ipld.link(ra.cid()));
    }
  }

  private static Outcome out(ConsumerRecord<byte[], byte[]> rec) {
    return JobHarness.receipt(rec).payload().out();
  }
}
