package dev.ipvm.job.task;

import static dev.ipvm.job.task.TaskFunctionHarness.SMALL;
import static dev.ipvm.job.task.TaskFunctionHarness.invoke;
import static dev.ipvm.job.task.TaskFunctionHarness.run;
import static dev.ipvm.job.task.TaskFunctionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.wasm.WasmError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Awaits in {@link TaskFunction}: a dependent waits for the results it awaits; an awaited task sends them. */
class TaskFunctionAwaitTest {
  static final long AWAIT_TIMEOUT_MS = 30_000;
  TaskFunctionHarness t;
  /** The task the dependents await (its own invocation is {@link #upstream}). */
  Signed<Invocation> upstream;
  Cid awaited;

  @BeforeEach
  void open() throws Exception {
    t = new TaskFunctionHarness(b -> b.awaitTimeout(Duration.ofMillis(AWAIT_TIMEOUT_MS)));
    upstream = t.wasm(run(Ipld.text("upstream")));
    awaited = task(upstream);
  }

  @AfterEach
  void close() throws Exception {
    t.close();
  }

  /** A dependent calling {@code f(<awaited's ok>, tag)}. */
  Signed<Invocation> dependent(Await.Kind kind, long tag) {
    return t.wasm(run(new Await(kind, awaited).toIpld(), Ipld.integer(tag)));
  }

  static String error(Signed<Receipt> r) {
    return r.payload().out() instanceof Outcome.Error e ? e.name() : "ok";
  }

  @Test
  void aDependentRunsOnceItsAwaitedResultArrivesWithTheValueSubstituted() throws Exception {
    Signed<Invocation> d = dependent(Await.Kind.OK, 1);
    t.send(invoke(d, SMALL));
    assertThat(t.dispatched()).as("it waits").isEmpty();

    t.send(new Resolved(awaited, task(d), new Outcome.Ok(Ipld.integer(41)), true));
    List<Invoke> runs = t.dispatched();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).args()).as("the await replaced by the ok value")
        .isEqualTo(run(Ipld.integer(41), Ipld.integer(1)));
    assertThat(runs.get(0).taskId()).as("under its own Task ID, for its own invocation").isEqualTo(task(d));
    assertThat(runs.get(0).invocation()).isEqualTo(d.cid());

    t.send(Result.ok(task(d), Ipld.integer(42), 10, SMALL, 5, null));
    assertThat(t.receipts()).extracting(r -> r.payload().ran()).containsExactly(d.cid());
    assertThat(t.receipts().get(0).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
    t.at(10 * AWAIT_TIMEOUT_MS);
    assertThat(t.receipts()).as("its await timer does nothing once it ran").hasSize(1);
  }

  @Test
  void aResultArrivingBeforeTheDependentsInvocationIsKeptForIt() throws Exception {
    Signed<Invocation> d = dependent(Await.Kind.ANY, 2);
    t.send(new Resolved(awaited, task(d), WasmError.TRAP.outcome("unreachable"), true));
    t.send(invoke(d, SMALL));
    assertThat(t.dispatched()).hasSize(1);
    assertThat(t.dispatched().get(0).args()).as("await/* gives the whole out")
        .isEqualTo(run(WasmError.TRAP.outcome("unreachable").toIpld(), Ipld.integer(2)));
  }

  @Test
  void anAwaitOfTheOtherBranchFailsTheDependentWithAwaitMismatchWithoutRunningIt() throws Exception {
    Signed<Invocation> d = dependent(Await.Kind.ERROR, 3);
    t.send(invoke(d, SMALL));
    t.send(new Resolved(awaited, task(d), new Outcome.Ok(Ipld.integer(1)), true));
    assertThat(t.dispatched()).isEmpty();
    assertThat(t.receipts()).extracting(TaskFunctionAwaitTest::error).containsExactly("AwaitMismatch");
    assertThat(t.receipts().get(0).payload().ran()).isEqualTo(d.cid());
  }

  @Test
  void aDependentWhoseAwaitedTaskNeverAnswersGetsAwaitTimeoutAndMayRunWhenInvokedAgain() throws Exception {
    Signed<Invocation> d = dependent(Await.Kind.OK, 4);
    t.send(invoke(d, SMALL));
    t.at(AWAIT_TIMEOUT_MS - 1);
    assertThat(t.receipts()).isEmpty();

    t.at(AWAIT_TIMEOUT_MS);
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).extracting(TaskFunctionAwaitTest::error).containsExactly("AwaitTimeout");
    assertThat(receipts.get(0).payload().ran()).isEqualTo(d.cid());
    assertThat(((Outcome.Error) receipts.get(0).payload().out()).message()).contains(awaited.toString());
    assertThat(t.dispatched()).isEmpty();

    // the awaited result comes late; a new invocation of the same task is not answered by the timeout
    t.send(new Resolved(awaited, task(d), new Outcome.Ok(Ipld.integer(5)), true));
    assertThat(t.dispatched()).as("nobody is waiting any more").isEmpty();
    Signed<Invocation> again = dependent(Await.Kind.OK, 4);
    t.send(invoke(again, SMALL));
    assertThat(t.receipts()).as("AwaitTimeout is not memoized").hasSize(1);
    assertThat(t.dispatched()).extracting(Invoke::invocation).containsExactly(again.cid());
    assertThat(t.dispatched().get(0).args()).isEqualTo(run(Ipld.integer(5), Ipld.integer(4)));
  }

  @Test
  void anAwaitedTaskSendsItsResultToEveryDependentNowOrWhenItRegistersLater() throws Exception {
    Cid d1 = task(dependent(Await.Kind.OK, 5));
    Cid d2 = task(dependent(Await.Kind.OK, 6));
    t.send(new Awaiting(awaited, d1));
    t.send(new Awaiting(awaited, d2));
    t.send(new Awaiting(awaited, d1)); // a dependent invoked twice registers twice
    assertThat(t.feedback()).isEmpty();

    t.send(invoke(upstream, SMALL));
    t.send(Result.ok(awaited, Ipld.integer(8), 10, SMALL, 5, null));
    Outcome ok = new Outcome.Ok(Ipld.integer(8));
    assertThat(t.feedback()).as("one each, keyed by the dependent").containsExactlyInAnyOrder(
        TaskEvent.of(new Resolved(awaited, d1, ok, true)), TaskEvent.of(new Resolved(awaited, d2, ok, true)));

    Cid d3 = task(dependent(Await.Kind.OK, 7));
    t.send(new Awaiting(awaited, d3));
    assertThat(t.feedback()).as("answered at once from the memo").hasSize(3)
        .last().isEqualTo(TaskEvent.of(new Resolved(awaited, d3, ok, true)));
  }

  @Test
  void whatIsComputedFromAResultThatMayNotBeMemoizedIsNotMemoizedEither() throws Exception {
    Cid d1 = task(dependent(Await.Kind.ANY, 8));
    t.send(new Awaiting(awaited, d1));
    t.send(invoke(upstream, SMALL));
    t.send(new Result(awaited, WasmError.TIMEOUT.outcome("too slow"), 0, SMALL, false, false, 5));
    assertThat(t.feedback()).containsExactly(
        TaskEvent.of(new Resolved(awaited, d1, WasmError.TIMEOUT.outcome("too slow"), false)));

    Signed<Invocation> d = dependent(Await.Kind.ANY, 9);
    t.send(invoke(d, SMALL));
    t.send(new Resolved(awaited, task(d), WasmError.TIMEOUT.outcome("too slow"), false));
    t.send(Result.ok(task(d), Ipld.integer(0), 10, SMALL, 5, null));
    assertThat(t.receipts()).extracting(r -> r.payload().ran()).containsExactly(upstream.cid(), d.cid());

    Signed<Invocation> again = dependent(Await.Kind.ANY, 9);
    t.send(invoke(again, SMALL));
    assertThat(t.receipts()).as("not answered from a memo").hasSize(2);
    t.send(new Resolved(awaited, task(d), WasmError.TIMEOUT.outcome("too slow"), false));
    assertThat(t.dispatched()).extracting(Invoke::invocation).containsExactly(upstream.cid(), d.cid(), again.cid());
  }
}
