package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A task's life in a real job: run (inline or on the executor), memo hit, coalescing of concurrent duplicates. */
class TaskLifecycleIT {
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
  void runsAFunctionAndSignsTheReceiptAsTheExecutor() throws Exception {
    Signed<Invocation> inv = h.invocation(math, "add", Ipld.integer(40), Ipld.integer(2));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(inv);
      ConsumerRecord<byte[], byte[]> rec = receipts.receiptFor(inv);
      Receipt r = JobHarness.receipt(rec).payload();
      assertThat(JobHarness.key(rec)).isEqualTo(inv.cid().toString());
      assertThat(JobHarness.header(rec, Headers.TASK)).isEqualTo(inv.payload().taskId().toString());
      assertThat(JobHarness.header(rec, Headers.STATUS)).isEqualTo("ok");
      assertThat(r.iss()).isEqualTo(h.executor.did().toString());
      assertThat(r.ran()).isEqualTo(inv.cid());
      assertThat(r.out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
      assertThat(r.meta().get("task")).isEqualTo(Ipld.link(inv.payload().taskId()));
      assertThat(r.meta().get("fuel")).isInstanceOf(Ipld.Int.class);
      assertThat(r.meta().get("memo")).isNull();
    }
  }

  @Test
  void anAudienceEqualToTheSubjectIsAcceptedAsIsoUcanWritesIt() throws Exception {
    Signed<Invocation> inv = Signed.sign(h.user, Invocation.builder()
        .iss(h.user.did().toString()).sub(h.user.did().toString()).aud(h.user.did().toString())
        .cmd(dev.ipvm.task.WasmRun.COMMAND).args(new dev.ipvm.task.WasmRun(new dev.ipvm.task.WasmRun.ModuleRef.Linked(math),
            "add", List.of(Ipld.integer(1), Ipld.integer(2))).toArgs())
        .emptyNonce().iat(System.nanoTime()).build());
    h.publish(inv);
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      assertThat(JobHarness.receipt(receipts.receiptFor(inv)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(3)));
    }
  }

  @Test
  void theSameTaskTwiceRunsOnceAndTheSecondReceiptNamesTheFirst() throws Exception {
    Signed<Invocation> first = h.invocation(math, "fib", Ipld.integer(30));
    Signed<Invocation> second = h.invocation(math, "fib", Ipld.integer(30));
    assertThat(second.cid()).isNotEqualTo(first.cid());
    assertThat(second.payload().taskId()).isEqualTo(first.payload().taskId());
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(first);
      ConsumerRecord<byte[], byte[]> r1 = receipts.receiptFor(first);
      h.publish(second);
      ConsumerRecord<byte[], byte[]> r2 = receipts.receiptFor(second);
      Signed<Receipt> executed = JobHarness.receipt(r1);
      Receipt reused = JobHarness.receipt(r2).payload();
      assertThat(executed.payload().meta().get("memo")).isNull();
      assertThat(reused.meta().get("memo")).isEqualTo(Ipld.link(executed.cid()));
      assertThat(reused.meta().get("coalesced")).isNull();
      assertThat(reused.out()).isEqualTo(executed.payload().out());
      assertThat(reused.out()).isEqualTo(new Outcome.Ok(Ipld.integer(832040)));
      assertThat(reused.ran()).isEqualTo(second.cid());
    }
  }

  @Test
  void aFailureForWantOfFuelDoesNotAnswerATaskThatAsksForMore() throws Exception {
    dev.ipvm.task.WasmRun run = new dev.ipvm.task.WasmRun(new dev.ipvm.task.WasmRun.ModuleRef.Linked(math), "fib_rec",
        List.of(Ipld.integer(20)));
    Signed<Invocation> starved = h.invocation(run, fuel(1_000));
    Signed<Invocation> fed = h.invocation(run, fuel(100_000_000));
    Signed<Invocation> starvedAgain = h.invocation(run, fuel(1_000));
    assertThat(fed.payload().taskId()).isEqualTo(starved.payload().taskId());
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(starved);
      Receipt r1 = JobHarness.receipt(receipts.receiptFor(starved)).payload();
      assertThat(((Outcome.Error) r1.out()).name()).isEqualTo("OutOfFuel");
      h.publish(fed);
      Receipt r2 = JobHarness.receipt(receipts.receiptFor(fed)).payload();
      assertThat(r2.out()).as("ran again with more fuel").isEqualTo(new Outcome.Ok(Ipld.integer(6765)));
      assertThat(r2.meta().get("memo")).isNull();
      h.publish(starvedAgain);
      Receipt r3 = JobHarness.receipt(receipts.receiptFor(starvedAgain)).payload();
      assertThat(r3.out()).as("a result, once known, answers whatever fuel is asked").isEqualTo(r2.out());
      assertThat(r3.meta().get("memo")).isNotNull();
    }
  }

  @Test
  void aFunctionNameFindsItsExportAsHomestarMatchesIt() throws Exception {
    byte[] wasm = com.dylibso.chicory.wabt.Wat2Wasm.parse(
        "(module (func (export \"add-one\") (param i32) (result i32) local.get 0 i32.const 1 i32.add)"
            + " (func (export \"getAnswer\") (result i32) i32.const 42))");
    Cid module = h.putBlock(wasm);
    Signed<Invocation> snake = h.invocation(module, "add_one", Ipld.integer(41));
    Signed<Invocation> camel = h.invocation(module, "get_answer");
    Signed<Invocation> missing = h.invocation(module, "add_two", Ipld.integer(41));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(snake);
      h.publish(camel);
      h.publish(missing);
      // one read for all: a reader drops the records it is not waiting for
      Map<String, Receipt> got = new HashMap<>();
      receipts.receiptsFor(List.of(snake.cid().toString(), camel.cid().toString(), missing.cid().toString()),
              Duration.ofSeconds(60), Duration.ZERO)
          .forEach(r -> got.put(JobHarness.key(r), JobHarness.receipt(r).payload()));
      assertThat(got.get(snake.cid().toString()).out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
      assertThat(got.get(camel.cid().toString()).out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
      Outcome.Error e = (Outcome.Error) got.get(missing.cid().toString()).out();
      assertThat(e.name()).isEqualTo("NoSuchFunction");
    }
  }

  @Test
  void aModuleNamedByItsUnixFsCidIsReassembledFromItsBlocks() throws Exception {
    // math.wasm with a 600 KB custom section (ignored by Wasm): three 256 KiB chunks under a dag-pb root
    byte[] math = JobHarness.sample("math.wasm");
    byte[] name = "padding".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int payload = 600_000;
    java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
    big.write(math);
    big.write(0); // custom section id
    int size = 1 + name.length + payload;
    for (int v = size; ; v >>>= 7) { // LEB128
      if ((v & ~0x7f) == 0) {
        big.write(v);
        break;
      }
      big.write((v & 0x7f) | 0x80);
    }
    big.write(name.length);
    big.write(name);
    big.write(new byte[payload]);
    dev.ipvm.unixfs.UnixFs.Imported file = dev.ipvm.unixfs.UnixFs.importFile(big.toByteArray());
    assertThat(file.root().codec()).isEqualTo(dev.ipvm.cid.Multicodec.DAG_PB);
    Signed<Invocation> inv = h.invocation(file.root(), "add", Ipld.integer(2), Ipld.integer(3));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(inv); // before the blocks: the job waits for them
      for (dev.ipvm.unixfs.UnixFs.Block b : file.blocks()) {
        h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.blocks(),
            b.cid().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), b.bytes()));
      }
      h.producer.flush();
      assertThat(JobHarness.receipt(receipts.receiptFor(inv)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(5)));
    }
  }

  private static Ipld.Map fuel(long n) {
    return Ipld.Map.builder().put("fuel", n).build();
  }

  @Test
  void fiftyIdenticalInvocationsAtOnceRunOnceAndGetFiftyReceipts() throws Exception {
    List<Signed<Invocation>> invs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      invs.add(h.invocation(math, "fib_rec", Ipld.integer(27)));
    }
    long executions = CollectingReporter.sum("executions");
    long reused = CollectingReporter.sum("coalesced") + CollectingReporter.sum("memoHits");
    long in = CollectingReporter.sum("invocationsIn");
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (Signed<Invocation> inv : invs) {
        h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.invocations(), inv.bytes()));
      }
      h.producer.flush();
      List<ConsumerRecord<byte[], byte[]>> mine = receipts.receiptsFor(
          invs.stream().map(i -> i.cid().toString()).toList(), Duration.ofSeconds(90), Duration.ofSeconds(2));
      assertThat(mine.stream().map(JobHarness::key).toList()).hasSize(50).doesNotHaveDuplicates();
      List<Signed<Receipt>> executed = mine.stream().map(JobHarness::receipt)
          .filter(r -> r.payload().meta().get("memo") == null).toList();
      assertThat(executed).as("receipts that ran the task rather than reusing a result").hasSize(1);
      Ipld runLink = Ipld.link(executed.get(0).cid());
      assertThat(mine.stream().map(JobHarness::receipt).filter(r -> r.payload().meta().get("memo") != null))
          .allSatisfy(r -> assertThat(r.payload().meta().get("memo")).isEqualTo(runLink));
      assertThat(mine.stream().map(JobHarness::receipt).map(r -> r.payload().out()).distinct()).hasSize(1);
      // the job's own metrics tell the same story
      assertThat(CollectingReporter.sum("invocationsIn") - in).isEqualTo(50);
      assertThat(CollectingReporter.sum("executions") - executions).isEqualTo(1);
      assertThat(CollectingReporter.sum("coalesced") + CollectingReporter.sum("memoHits") - reused).isEqualTo(49);
      assertThat(CollectingReporter.sum("fuelUsed")).isPositive();
    }
  }

  // Small pure tasks run in their task function once their module is compiled in the TaskManager
  // (exec.inline.fuel): receipts as the executor would sign them, no round trip over the feedback
  // topic; a larger run still goes to the executor.

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
