package dev.ipvm.job.task;

import static dev.ipvm.job.task.TaskFunctionHarness.LARGE;
import static dev.ipvm.job.task.TaskFunctionHarness.SMALL;
import static dev.ipvm.job.task.TaskFunctionHarness.invoke;
import static dev.ipvm.job.task.TaskFunctionHarness.meta;
import static dev.ipvm.job.task.TaskFunctionHarness.run;
import static dev.ipvm.job.task.TaskFunctionHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.WasmError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pure side of {@link TaskFunction}: memo, coalescing, reruns under larger limits, redispatch. */
class TaskFunctionTest {
  TaskFunctionHarness t;

  @BeforeEach
  void open() throws Exception {
    t = new TaskFunctionHarness(b -> b.moduleWait(Duration.ofSeconds(20)));
  }

  @AfterEach
  void close() throws Exception {
    t.close();
  }

  /** A value the run returned, having used 700 fuel. */
  static Result ok(Signed<Invocation> inv, long value) {
    return Result.ok(task(inv), Ipld.integer(value), 700, SMALL, 5, null);
  }

  /** The run ran out of the fuel it had: true only under limits no larger than {@code ranUnder}. */
  static Result outOfFuel(Signed<Invocation> inv, Limits ranUnder) {
    return new Result(task(inv), WasmError.OUT_OF_FUEL.outcome("fuel ran out"), ranUnder.fuel(), ranUnder,
        true, true, 5);
  }

  @Test
  void aSecondInvocationOfTheSameTaskIsAnsweredFromTheMemoWithoutRunning() throws Exception {
    Signed<Invocation> first = t.wasm(run(Ipld.integer(1)));
    Signed<Invocation> second = t.wasm(run(Ipld.integer(1)));
    assertThat(task(second)).isEqualTo(task(first));
    assertThat(second.cid()).isNotEqualTo(first.cid());

    t.send(invoke(first, SMALL));
    assertThat(t.dispatched()).extracting(Invoke::invocation).containsExactly(first.cid());
    t.send(ok(first, 42));
    t.send(invoke(second, SMALL));

    assertThat(t.dispatched()).as("the memo answers: no second run").hasSize(1);
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).extracting(r -> r.payload().ran()).containsExactly(first.cid(), second.cid());
    Signed<Receipt> ran = receipts.get(0);
    Signed<Receipt> memo = receipts.get(1);
    assertThat(ran.payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
    assertThat(ran.payload().taskId()).isEqualTo(task(first));
    assertThat(meta(ran, "fuel")).isEqualTo(Ipld.integer(700));
    assertThat(meta(ran, "memo")).as("the first receipt ran the task").isNull();
    assertThat(memo.payload().out()).isEqualTo(ran.payload().out());
    assertThat(memo.payload().taskId()).isEqualTo(task(first));
    assertThat(meta(memo, "memo")).as("meta.memo names the receipt that ran it").isEqualTo(Ipld.link(ran.cid()));
    assertThat(meta(memo, "coalesced")).isNull();
  }

  @Test
  void invocationsArrivingWhileTheRunIsInFlightShareOneDispatchAndEachGetsItsReceipt() throws Exception {
    Signed<Invocation> a = t.wasm(run(Ipld.integer(2)));
    Signed<Invocation> b = t.wasm(run(Ipld.integer(2)));
    Signed<Invocation> c = t.wasm(run(Ipld.integer(2)));

    t.send(invoke(a, SMALL));
    t.send(invoke(b, SMALL));
    t.send(invoke(c, SMALL));
    assertThat(t.dispatched()).hasSize(1);
    assertThat(t.receipts()).as("nothing is answered before the result").isEmpty();

    t.send(ok(a, 7));
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).as("one receipt per invocation").extracting(r -> r.payload().ran())
        .containsExactlyInAnyOrder(a.cid(), b.cid(), c.cid());
    assertThat(receipts).allSatisfy(r -> assertThat(r.payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(7))));
    Signed<Receipt> ran = receipts.stream().filter(r -> meta(r, "memo") == null).findFirst().orElseThrow();
    assertThat(receipts).filteredOn(r -> r != ran).hasSize(2).allSatisfy(r -> {
      assertThat(meta(r, "coalesced")).isEqualTo(Ipld.TRUE);
      assertThat(meta(r, "memo")).isEqualTo(Ipld.link(ran.cid()));
    });
    assertThat(t.dispatched()).as("still the one run").hasSize(1);

    t.send(ok(a, 7)); // the at-least-once feedback topic delivers the result again
    assertThat(t.receipts()).as("a duplicate result answers nobody twice").hasSize(3);
  }

  @Test
  void anOutOfFuelAnswersOnlyTheInvocationAskingNoMoreAndRunsAgainForTheOneAskingMore() throws Exception {
    Signed<Invocation> frugal = t.wasm(run(Ipld.integer(3)));
    Signed<Invocation> generous = t.wasm(run(Ipld.integer(3)));
    t.send(invoke(frugal, SMALL));
    t.send(invoke(generous, LARGE));
    assertThat(t.dispatched()).extracting(Invoke::limits).containsExactly(SMALL);

    t.send(outOfFuel(frugal, SMALL));
    assertThat(t.receipts()).extracting(r -> r.payload().ran()).containsExactly(frugal.cid());
    assertThat(((Outcome.Error) t.receipts().get(0).payload().out()).name()).isEqualTo("OutOfFuel");
    List<Invoke> runs = t.dispatched();
    assertThat(runs).as("run again under the larger ask").hasSize(2);
    assertThat(runs.get(1).limits()).isEqualTo(LARGE);
    assertThat(runs.get(1).invocation()).isEqualTo(generous.cid());
    assertThat(runs.get(1).args()).isEqualTo(runs.get(0).args());

    t.send(Result.ok(task(generous), Ipld.integer(9), 50_000, LARGE, 5, null));
    List<Signed<Receipt>> receipts = t.receipts();
    assertThat(receipts).extracting(r -> r.payload().ran()).containsExactly(frugal.cid(), generous.cid());
    assertThat(receipts.get(1).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(9)));
    assertThat(meta(receipts.get(1), "memo")).as("it ran; it did not reuse the OutOfFuel").isNull();
  }

  @Test
  void aMemoizedOutOfFuelAnswersAskingNoMoreFuelButALargerAskRunsAgain() throws Exception {
    Signed<Invocation> first = t.wasm(run(Ipld.integer(4)));
    t.send(invoke(first, SMALL));
    t.send(outOfFuel(first, SMALL));

    Signed<Invocation> same = t.wasm(run(Ipld.integer(4)));
    t.send(invoke(same, SMALL));
    assertThat(t.dispatched()).as("the memo answers the same ask").hasSize(1);
    assertThat(meta(t.receipts().get(1), "memo")).isEqualTo(Ipld.link(t.receipts().get(0).cid()));
    assertThat(((Outcome.Error) t.receipts().get(1).payload().out()).name()).isEqualTo("OutOfFuel");

    Signed<Invocation> more = t.wasm(run(Ipld.integer(4)));
    t.send(invoke(more, LARGE));
    assertThat(t.receipts()).as("not answered from the memo").hasSize(2);
    assertThat(t.dispatched()).hasSize(2);
    assertThat(t.dispatched().get(1).limits()).isEqualTo(LARGE);
    assertThat(t.dispatched().get(1).invocation()).isEqualTo(more.cid());
  }

  @Test
  void aRunWhoseResultNeverCameBackIsDispatchedAgainAfterItsDeadline() throws Exception {
    Signed<Invocation> inv = t.wasm(run(Ipld.integer(5)));
    t.send(invoke(inv, SMALL));
    // the deadline: the run's own time limit, the module wait, and a minute's slack
    long deadline = SMALL.time().toMillis() + Duration.ofSeconds(20).toMillis() + 60_000;

    t.at(deadline - 1);
    assertThat(t.dispatched()).hasSize(1);
    t.at(deadline);
    assertThat(t.dispatched()).as("sent again once the deadline passed").hasSize(2);
    assertThat(t.dispatched().get(1)).isEqualTo(t.dispatched().get(0));
    t.at(2 * deadline);
    assertThat(t.dispatched()).as("and again after another deadline").hasSize(3);

    t.send(ok(inv, 11));
    assertThat(t.receipts()).as("three runs, one receipt").hasSize(1);
    t.at(10 * deadline);
    assertThat(t.dispatched()).as("no redispatch once answered").hasSize(3);
  }

  @Test
  void aResultThatMayNotBeMemoizedAnswersItsInvocationsButNotLaterOnes() throws Exception {
    Signed<Invocation> first = t.wasm(run(Ipld.integer(6)));
    t.send(invoke(first, SMALL));
    t.send(new Result(task(first), WasmError.TIMEOUT.outcome("too slow"), 0, SMALL, false, false, 5));
    assertThat(t.receipts()).hasSize(1);

    Signed<Invocation> later = t.wasm(run(Ipld.integer(6)));
    t.send(invoke(later, SMALL));
    assertThat(t.receipts()).as("a Timeout is not reused").hasSize(1);
    assertThat(t.dispatched()).extracting(Invoke::invocation).containsExactly(first.cid(), later.cid());
  }
}
