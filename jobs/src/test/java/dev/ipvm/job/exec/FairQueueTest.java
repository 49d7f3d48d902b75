package dev.ipvm.job.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.Fairness;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.task.Command;
import dev.ipvm.wasm.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FairQueueTest {
  static final Limits LIMITS = new Limits(1000, 1 << 20, Duration.ofMillis(1000), 1024);
  static final AtomicInteger SEQ = new AtomicInteger();

  static Invoke run(String tenant) {
    Cid task = Cid.of(Multicodec.RAW, ("task-" + SEQ.incrementAndGet()).getBytes());
    return new Invoke(task, task, Command.WASM_RUN, Ipld.Map.EMPTY, LIMITS, 0, tenant);
  }

  static List<Invoke> drain(FairQueue q) {
    List<Invoke> started = new ArrayList<>();
    for (Invoke i = q.next(); i != null; i = q.next()) {
      started.add(i);
    }
    return started;
  }

  @Test
  void aFloodingTenantHoldsOnlyItsShareAndANewcomerStartsAtTheNextFreeSlot() {
    FairQueue q = new FairQueue(new FairQueue.Shares(4, 2, 1000, 1 << 20));
    List<Invoke> flood = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      flood.add(run("flood"));
      assertThat(q.offer(flood.get(i), 10)).isEqualTo(FairQueue.Admission.QUEUED);
    }
    assertThat(drain(q)).as("two of four slots").containsExactly(flood.get(0), flood.get(1));
    Invoke add = run("quiet");
    assertThat(q.offer(add, 10)).isEqualTo(FairQueue.Admission.QUEUED);
    assertThat(drain(q)).as("the newcomer starts at once, on a slot the flood may not take").containsExactly(add);
    q.finished(flood.get(0).taskId().toString());
    assertThat(drain(q)).containsExactly(flood.get(2));
    assertThat(q.waitingCount()).isEqualTo(97);
    assertThat(q.runningCount()).isEqualTo(3);
  }

  @Test
  void tenantsWithWaitingWorkTakeTurns() {
    FairQueue q = new FairQueue(new FairQueue.Shares(1, 1, 1000, 1 << 20));
    List<Invoke> a = List.of(run("a"), run("a"), run("a"));
    List<Invoke> b = List.of(run("b"), run("b"));
    a.forEach(i -> q.offer(i, 1));
    b.forEach(i -> q.offer(i, 1));
    List<Invoke> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Invoke next = q.next();
      order.add(next);
      assertThat(q.next()).as("one slot").isNull();
      q.finished(next.taskId().toString());
    }
    assertThat(order).containsExactly(a.get(0), b.get(0), a.get(1), b.get(1), a.get(2));
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void aTenantsQueueAndTheQueuedBytesAreBoundedAndDuplicatesAreNotQueuedTwice() {
    FairQueue q = new FairQueue(new FairQueue.Shares(2, 1, 3, 100));
    Invoke first = run("a");
    assertThat(q.offer(first, 10)).isEqualTo(FairQueue.Admission.QUEUED);
    assertThat(q.offer(first, 10)).isEqualTo(FairQueue.Admission.DUPLICATE);
    q.offer(run("a"), 10);
    q.offer(run("a"), 10);
    assertThat(q.offer(run("a"), 10)).isEqualTo(FairQueue.Admission.TENANT_FULL);
    assertThat(q.offer(run("b"), 71)).isEqualTo(FairQueue.Admission.QUEUE_FULL);
    assertThat(q.offer(run("b"), 70)).isEqualTo(FairQueue.Admission.QUEUED);
    Invoke started = q.next();
    assertThat(started).isEqualTo(first);
    assertThat(q.offer(first, 10)).as("a re-dispatch of a running task").isEqualTo(FairQueue.Admission.DUPLICATE);
    q.finished(first.taskId().toString());
    assertThat(q.offer(run("a"), 10)).as("a finished run frees its tenant's place").isEqualTo(FairQueue.Admission.QUEUED);
  }

  @Test
  void everythingAcceptedIsListedForTheCheckpointRunsInFlightFirstAndComesBackInThatOrder() {
    FairQueue q = new FairQueue(new FairQueue.Shares(1, 1, 10, 1 << 20));
    Invoke a1 = run("a");
    Invoke a2 = run("a");
    Invoke b1 = run("b");
    q.offer(a1, 1);
    q.offer(a2, 1);
    q.offer(b1, 1);
    assertThat(q.next()).isEqualTo(a1);
    List<FairQueue.Entry> all = q.all();
    assertThat(all).as("in flight, then in turn order: a has had its turn").extracting(FairQueue.Entry::invoke)
        .containsExactly(a1, b1, a2);

    FairQueue restored = new FairQueue(new FairQueue.Shares(1, 1, 10, 1 << 20));
    all.forEach(e -> restored.restore(e.invoke(), e.bytes()));
    assertThat(restored.next()).as("the run that was in flight runs again first").isEqualTo(a1);
    assertThat(restored.waitingCount()).isEqualTo(2);
  }

  @Test
  void cpuBoundRunsOfATenantAreCappedAcrossTheInstancesOfAProcess() {
    String pool = "test-" + SEQ.incrementAndGet();
    FairQueue.Shares shares = new FairQueue.Shares(2, 1, 100, 1 << 20, pool, 1);
    FairQueue first = new FairQueue(shares);
    FairQueue second = new FairQueue(shares);
    Invoke a1 = run("a");
    Invoke a2 = run("a");
    Invoke b = run("b");
    first.offer(a1, 1);
    second.offer(a2, 1);
    second.offer(b, 1);
    assertThat(first.next()).isEqualTo(a1);
    assertThat(second.next()).as("a's one place in the process is taken: b goes first").isEqualTo(b);
    assertThat(second.next()).isNull();
    first.finished(a1.taskId().toString());
    assertThat(second.next()).as("the place given back").isEqualTo(a2);
    second.releaseProcessShares(); // closing with a2 in flight gives its place back
    assertThat(ProcessShares.tryAcquire(pool + "|a", 1)).isTrue();
  }

  @Test
  void sharesLeaveASlotToOthersAndNeverDropBelowOne() {
    Fairness half = new Fairness(0.5, 10, 100);
    assertThat(FairQueue.Shares.of(1, half).perTenantSlots()).isEqualTo(1);
    assertThat(FairQueue.Shares.of(2, half).perTenantSlots()).isEqualTo(1);
    assertThat(FairQueue.Shares.of(16, half).perTenantSlots()).isEqualTo(8);
    assertThat(FairQueue.Shares.of(4, new Fairness(0.99, 10, 100)).perTenantSlots()).isEqualTo(3);
    assertThat(FairQueue.Shares.of(4, new Fairness(1, 10, 100)).perTenantSlots()).isEqualTo(4);
    assertThatThrownBy(() -> new Fairness(0, 10, 100)).hasMessageContaining("exec.tenant.share");
    assertThatThrownBy(() -> new Fairness(1.5, 10, 100)).hasMessageContaining("exec.tenant.share");
  }
}
