package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks that await each other: chains, diamonds, errors through awaits, reuse across workflows. */
class AwaitIT {
  /** A bytes-ABI function that returns its params list unchanged: shows what an await gave it. */
  static final byte[] ECHO = com.dylibso.chicory.wabt.Wat2Wasm.parse("""
      (module
        (memory (export "memory") 1)
        (global $next (mut i32) (i32.const 1024))
        (func (export "alloc") (param $len i32) (result i32) (local $p i32)
          (local.set $p (global.get $next))
          (global.set $next (i32.add (global.get $next) (local.get $len)))
          (local.get $p))
        (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
          (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
      """);

  static JobHarness h;
  static Cid math;
  static Cid echo;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness(b -> b.awaitTimeout(Duration.ofSeconds(8))).start();
    math = h.putBlock(JobHarness.sample("math.wasm"));
    echo = h.putBlock(ECHO);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static Ipld ok(Signed<Invocation> task) {
    return new Await(Await.Kind.OK, task.payload().taskId()).toIpld();
  }

  static Ipld error(Signed<Invocation> task) {
    return new Await(Await.Kind.ERROR, task.payload().taskId()).toIpld();
  }

  static Signed<Invocation> call(Cid module, String fun, Ipld meta, Ipld... params) {
    return h.invocation(new WasmRun(new WasmRun.ModuleRef.Linked(module), fun, List.of(params)), (Ipld.Map) meta);
  }

  static Signed<Invocation> add(Ipld a, Ipld b) {
    return call(math, "add", null, a, b);
  }

  /** Publishes in the given order and returns each invocation's receipt, checking there is exactly one. */
  static Map<Signed<Invocation>, Receipt> run(List<Signed<Invocation>> invs) throws Exception {
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (Signed<Invocation> inv : invs) {
        h.publish(inv);
      }
      List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(
          invs.stream().map(i -> i.cid().toString()).toList(), Duration.ofSeconds(60), Duration.ofMillis(500));
      Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = got.stream().collect(Collectors.groupingBy(JobHarness::key));
      Map<Signed<Invocation>, Receipt> out = new HashMap<>();
      for (Signed<Invocation> inv : invs) {
        List<ConsumerRecord<byte[], byte[]>> mine = byKey.getOrDefault(inv.cid().toString(), List.of());
        assertThat(mine).as("receipts for " + inv.cid()).hasSize(1);
        out.put(inv, JobHarness.receipt(mine.get(0)).payload());
      }
      return out;
    }
  }

  @Test
  void aChainOfTenPublishedBackwardsRunsInOrder() throws Exception {
    List<Signed<Invocation>> chain = new ArrayList<>();
    chain.add(add(Ipld.integer(1), Ipld.integer(1)));
    for (int i = 1; i < 10; i++) {
      chain.add(add(ok(chain.get(i - 1)), Ipld.integer(1)));
    }
    List<Signed<Invocation>> backwards = new ArrayList<>(chain);
    Collections.reverse(backwards);
    Map<Signed<Invocation>, Receipt> r = run(backwards);
    for (int i = 0; i < 10; i++) {
      assertThat(r.get(chain.get(i)).out()).isEqualTo(new Outcome.Ok(Ipld.integer(i + 2)));
    }
  }

  @Test
  void aDiamondJoinsBothBranches() throws Exception {
    Signed<Invocation> top = add(Ipld.integer(1), Ipld.integer(2));
    Signed<Invocation> left = add(ok(top), Ipld.integer(10));
    Signed<Invocation> right = add(ok(top), Ipld.integer(20));
    Signed<Invocation> bottom = add(ok(left), ok(right));
    Map<Signed<Invocation>, Receipt> r = run(List.of(bottom, left, top, right));
    assertThat(r.get(left).out()).isEqualTo(new Outcome.Ok(Ipld.integer(13)));
    assertThat(r.get(right).out()).isEqualTo(new Outcome.Ok(Ipld.integer(23)));
    assertThat(r.get(bottom).out()).isEqualTo(new Outcome.Ok(Ipld.integer(36)));
  }

  @Test
  void anErrorTravelsThroughAwaitOkAndIsCaughtByAwaitError() throws Exception {
    Signed<Invocation> starved = call(math, "fib_rec", Ipld.Map.builder().put("fuel", 1_000).build(), Ipld.integer(25));
    Signed<Invocation> next = add(ok(starved), Ipld.integer(1));
    Signed<Invocation> after = add(ok(next), Ipld.integer(1));
    Signed<Invocation> handler = call(echo, "echo", null, error(after));
    Signed<Invocation> whole = call(echo, "echo", null, new Await(Await.Kind.ANY, starved.payload().taskId()).toIpld());
    Signed<Invocation> wrongBranch = call(echo, "echo", null, error(add(Ipld.integer(0), Ipld.integer(0))));
    Signed<Invocation> zero = add(Ipld.integer(0), Ipld.integer(0));
    Map<Signed<Invocation>, Receipt> r = run(List.of(handler, after, next, starved, whole, wrongBranch, zero));

    assertThat(((Outcome.Error) r.get(starved).out()).name()).isEqualTo("OutOfFuel");
    Outcome.Error e1 = (Outcome.Error) r.get(next).out();
    assertThat(e1.name()).isEqualTo("AwaitMismatch");
    assertThat(e1.message()).contains(starved.payload().taskId().toString()).contains("OutOfFuel");
    Outcome.Error e2 = (Outcome.Error) r.get(after).out();
    assertThat(e2.name()).isEqualTo("AwaitMismatch");
    assertThat(r.get(handler).out()).as("await/error hands the error over as data")
        .isEqualTo(new Outcome.Ok(Ipld.list(e2.value())));
    assertThat(r.get(whole).out()).isEqualTo(new Outcome.Ok(Ipld.list(r.get(starved).out().toIpld())));
    assertThat(((Outcome.Error) r.get(wrongBranch).out()).message()).contains("succeeded");
  }

  @Test
  void aSecondWorkflowReusesTheStepsItShares() throws Exception {
    Signed<Invocation> a1 = add(Ipld.integer(100), Ipld.integer(1));
    Signed<Invocation> b1 = add(ok(a1), Ipld.integer(1));
    Signed<Invocation> c1 = add(ok(b1), Ipld.integer(1));
    Map<Signed<Invocation>, Receipt> first = run(List.of(a1, b1, c1));
    assertThat(first.values()).allSatisfy(r -> assertThat(r.meta().get("memo")).isNull());

    // the same first two steps (new invocations, same Task IDs), then a step of its own
    Signed<Invocation> a2 = add(Ipld.integer(100), Ipld.integer(1));
    Signed<Invocation> b2 = add(ok(a2), Ipld.integer(1));
    Signed<Invocation> d2 = add(ok(b2), Ipld.integer(50));
    assertThat(b2.payload().taskId()).isEqualTo(b1.payload().taskId());
    Map<Signed<Invocation>, Receipt> second = run(List.of(d2, b2, a2));
    assertThat(second.get(a2).meta().get("memo")).isNotNull();
    assertThat(second.get(b2).meta().get("memo")).isNotNull();
    assertThat(second.get(d2).meta().get("memo")).isNull();
    assertThat(second.get(d2).out()).isEqualTo(new Outcome.Ok(Ipld.integer(152)));
  }

  @Test
  void chainsThroughAFailoverGetOneReceiptPerInvocation() throws Exception {
    // 30 chains of 8, all published at once; the TaskManager dies while they run.
    List<Signed<Invocation>> all = new ArrayList<>();
    Map<Signed<Invocation>, Integer> expected = new HashMap<>();
    for (int c = 0; c < 30; c++) {
      Signed<Invocation> prev = add(Ipld.integer(1000 * c), Ipld.integer(1));
      all.add(prev);
      expected.put(prev, 1000 * c + 1);
      for (int i = 1; i < 8; i++) {
        Signed<Invocation> next = add(ok(prev), Ipld.integer(1));
        all.add(next);
        expected.put(next, 1000 * c + 1 + i);
        prev = next;
      }
    }
    Collections.shuffle(all, new java.util.Random(7));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (int i = 0; i < all.size(); i++) {
        h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.invocations(), all.get(i).bytes()));
        if (i == all.size() / 2) {
          h.producer.flush();
          h.cluster.terminateTaskManager(0).get();
          h.cluster.startTaskManager();
        }
      }
      h.producer.flush();
      List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(all.stream().map(i -> i.cid().toString()).toList(),
          Duration.ofSeconds(120), Duration.ofSeconds(2));
      Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(JobHarness::key, Collectors.counting()));
      assertThat(counts).hasSize(all.size());
      assertThat(counts.values()).allMatch(n -> n == 1);
      Map<String, Receipt> byKey = new HashMap<>();
      got.forEach(r -> byKey.put(JobHarness.key(r), JobHarness.receipt(r).payload()));
      for (Signed<Invocation> inv : all) {
        assertThat(byKey.get(inv.cid().toString()).out()).isEqualTo(new Outcome.Ok(Ipld.integer(expected.get(inv))));
      }
    }
  }

  @Test
  void anAwaitThatIsNeverSatisfiedTimesOut() throws Exception {
    Signed<Invocation> never = add(Ipld.integer(-1), Ipld.integer(-1)); // never published
    Signed<Invocation> waiting = add(ok(never), Ipld.integer(1));
    Receipt r = run(List.of(waiting)).get(waiting);
    Outcome.Error e = (Outcome.Error) r.out();
    assertThat(e.name()).isEqualTo("AwaitTimeout");
    assertThat(e.message()).contains(never.payload().taskId().toString());
  }
}
