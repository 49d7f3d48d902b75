package dev.ipvm.job.task;

import static dev.ipvm.job.task.TaskFunctionHarness.SMALL;
import static dev.ipvm.job.task.TaskFunctionHarness.invoke;
import static dev.ipvm.job.task.TaskFunctionHarness.meta;
import static dev.ipvm.job.task.TaskFunctionHarness.run;
import static dev.ipvm.job.task.TaskFunctionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Fx;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.FxRequest;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Effects in {@link TaskFunction}: their own executor, a journal instead of a memo, and the tasks
 * a function asks for.
 */
class TaskFunctionEffectTest {
  static final byte[] NONCE = {1, 2, 3};
  static final Ipld.Map POST = Ipld.Map.builder().put("url", "https://example.com/hook").put("body", "hi").build();
  TaskFunctionHarness t;

  @BeforeEach
  void open() throws Exception {
    t = new TaskFunctionHarness();
  }

  @AfterEach
  void close() throws Exception {
    t.close();
  }

  Signed<Invocation> post(byte[] nonce) {
    return t.invocation("/http/post", POST, nonce);
  }

  static Result answered(Signed<Invocation> inv, Outcome out) {
    return Result.effect(task(inv), out, SMALL, 5);
  }

  @Test
  void anEffectRunsOnTheEffectExecutorAndItsTaskIdIsAnsweredFromTheJournalWithoutRunningAgain() throws Exception {
    Signed<Invocation> first = post(NONCE);
    t.send(invoke(first, SMALL));
    assertThat(t.effects()).extracting(i -> i.invocation()).containsExactly(first.cid());
    assertThat(t.dispatched()).as("never on the Wasm executor").isEmpty();
    t.send(answered(first, new Outcome.Ok(Ipld.integer(204))));

    Signed<Invocation> replayed = post(NONCE); // the same Task ID, sent again
    assertThat(task(replayed)).isEqualTo(task(first));
    t.send(invoke(replayed, SMALL));
    assertThat(t.effects()).as("it does not run twice").hasSize(1);
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).extracting(r -> r.payload().ran()).containsExactly(first.cid(), replayed.cid());
    assertThat(receipts).allSatisfy(r -> assertThat(r.payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(204))));
    assertThat(meta(receipts.get(0), "replay")).isNull();
    assertThat(meta(receipts.get(0), "fuel")).as("an effect burns no fuel").isNull();
    assertThat(meta(receipts.get(1), "replay")).as("meta.replay names the receipt of the run")
        .isEqualTo(Ipld.link(receipts.get(0).cid()));
    assertThat(meta(receipts.get(1), "memo")).isNull();

    Signed<Invocation> fresh = post(new byte[] {9});
    t.send(invoke(fresh, SMALL));
    assertThat(t.effects()).as("a new nonce is a new task: it runs").hasSize(2);
  }

  @Test
  void aFailedEffectIsJournaledTooSoItIsNotRetriedByAReplay() throws Exception {
    Signed<Invocation> first = post(NONCE);
    t.send(invoke(first, SMALL));
    t.send(answered(first, Outcome.Error.of("HttpStatus", "503")));
    t.send(invoke(post(NONCE), SMALL));
    assertThat(t.effects()).hasSize(1);
    assertThat(t.receipts()).hasSize(2);
    assertThat(meta(t.receipts().get(1), "replay")).isEqualTo(Ipld.link(t.receipts().get(0).cid()));
  }

  @Test
  void anEffectRefusedAsOverloadedIsNotJournaledAndRunsWhenInvokedAgain() throws Exception {
    Signed<Invocation> first = post(NONCE);
    t.send(invoke(first, SMALL));
    t.send(Result.overloaded(task(first), SMALL, "queue full"));
    assertThat(t.receipts()).extracting(r -> ((Outcome.Error) r.payload().out()).name()).containsExactly("Overloaded");

    Signed<Invocation> again = post(NONCE);
    t.send(invoke(again, SMALL));
    assertThat(t.effects()).extracting(i -> i.invocation()).containsExactly(first.cid(), again.cid());
    assertThat(t.receipts()).hasSize(1);
  }

  @Test
  void invocationsOfAnEffectInFlightShareItsOneRun() throws Exception {
    Signed<Invocation> a = post(NONCE);
    Signed<Invocation> b = post(NONCE);
    t.send(invoke(a, SMALL));
    t.send(invoke(b, SMALL));
    t.send(answered(a, new Outcome.Ok(Ipld.integer(200))));
    assertThat(t.effects()).hasSize(1);
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).extracting(r -> r.payload().ran()).containsExactly(a.cid(), b.cid());
    assertThat(meta(receipts.get(1), "replay")).isEqualTo(Ipld.link(receipts.get(0).cid()));
    assertThat(meta(receipts.get(1), "coalesced")).isEqualTo(Ipld.TRUE);
  }

  @Test
  void aKafkaPublishWritesItsRecordWithItsReceiptAndNotAgainOnReplay() throws Exception {
    Ipld.Map args = Ipld.Map.builder().put("topic", "orders").put("key", "k1").put("value", "hello").build();
    Signed<Invocation> pub = t.invocation("/kafka/publish", args, NONCE);
    t.send(invoke(pub, SMALL));
    assertThat(t.effects()).hasSize(1);
    t.send(answered(pub, new Outcome.Ok(Ipld.NULL)));

    List<OutRecord> published = t.records(OutRecord.Kind.PUBLISHED);
    assertThat(published).hasSize(1);
    assertThat(published.get(0).topic()).isEqualTo("orders");
    assertThat(new String(published.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
    assertThat(new String(published.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(published.get(0).task()).isEqualTo(task(pub).toString());

    t.send(invoke(t.invocation("/kafka/publish", args, NONCE), SMALL));
    assertThat(t.receipts()).hasSize(2);
    assertThat(t.records(OutRecord.Kind.PUBLISHED)).as("a replay publishes nothing").hasSize(1);
  }

  @Test
  void theTasksAFunctionAsksForAreIssuedOnceWithItsReceiptAndItsAwaitsHandedToTheJoin() throws Exception {
    Ipld.Map hook = Ipld.Map.builder().put("cmd", "/http/post").put("args", POST).build();
    FxRequest fx = FxRequest.parse(Ipld.Map.builder()
        .put(FxRequest.KEY, Ipld.Map.builder().put("fork", Ipld.list(hook)).put("join", hook).build())
        .put("out", Ipld.integer(7)).build());
    Signed<Invocation> fn = t.wasm(run(Ipld.integer(1)));
    Cid dependent = Cid.of(dev.ipvm.cid.Multicodec.DAG_CBOR, new byte[] {42});
    t.send(new Awaiting(task(fn), dependent));
    t.send(invoke(fn, SMALL));
    t.send(Result.ok(task(fn), Ipld.integer(7), 10, SMALL, 5, fx));

    Signed<Receipt> receipt = t.receipts().get(0);
    Effects asked = Fx.effects(fx, task(fn), t.executor.did().toString());
    assertThat(receipt.payload().fx()).isEqualTo(asked);
    List<Signed<Invocation>> issued = t.records(OutRecord.Kind.INVOCATION).stream()
        .map(r -> Invocation.decode(r.value()).verify()).toList();
    assertThat(issued).extracting(i -> i.payload().taskId()).containsExactly(asked.fork().get(0), asked.join());
    assertThat(issued).allSatisfy(i -> {
      assertThat(i.payload().iss()).isEqualTo(t.executor.did().toString());
      assertThat(i.payload().cause()).as("caused by the receipt").isEqualTo(receipt.cid());
    });
    assertThat(t.feedback()).as("the dependent now awaits the join").containsExactly(
        TaskEvent.of(new Awaiting(task(fn), dependent).forwardTo(asked.join())));

    t.send(invoke(t.wasm(run(Ipld.integer(1))), SMALL));
    assertThat(t.receipts()).hasSize(2);
    assertThat(t.receipts().get(1).payload().fx()).as("a memo hit names the same tasks").isEqualTo(asked);
    assertThat(t.records(OutRecord.Kind.INVOCATION)).as("but does not issue them again").hasSize(2);
  }
}
