package dev.ipvm.job.exec;

import dev.ipvm.job.event.JobError;
import dev.ipvm.job.config.Fairness;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.receipt.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs dispatched tasks with a {@link Runner}, and never holds up its input. Flink's async
 * operator blocks when its queue is full, and then checkpoint barriers wait behind runs that may
 * take a minute each: fifty infinite loops stopped every checkpoint. Here every dispatched run is
 * accepted at once into a {@link FairQueue} (or answered {@code Overloaded} when its tenant's
 * share of the queue is full), so a barrier passes as soon as it arrives; the queue, runs in
 * flight included, is part of the checkpoint and runs again after recovery. Results come back to
 * the task thread through the mailbox, where the queue is kept.
 */
public final class ExecutorOperator extends AbstractStreamOperator<TaskEvent>
    implements OneInputStreamOperator<TaskEvent, TaskEvent> {
  private static final long serialVersionUID = 1L;
  /** How long past its own caps a run may take before it is answered with Timeout. */
  static final long WATCHDOG_SLACK_MS = 30_000;

  private final Runner runner;
  private final FairQueue.Shares shares;
  private final transient MailboxExecutor mailbox;
  private transient FairQueue queue;
  private transient ListState<byte[]> checkpointed;
  private transient Counter overloaded;
  private transient boolean closed;

  private ExecutorOperator(StreamOperatorParameters<TaskEvent> parameters, Runner runner, FairQueue.Shares shares) {
    super(parameters);
    this.runner = runner;
    this.shares = shares;
    this.mailbox = parameters.getMailboxExecutor();
  }

  /** The operator, for {@code DataStream.transform}. */
  public static OneInputStreamOperatorFactory<TaskEvent, TaskEvent> factory(Runner runner, Fairness fairness) {
    FairQueue.Shares shares = FairQueue.Shares.of(runner.slots(), fairness);
    return new Factory(runner, runner.cpuBound() ? shares.cpuBound(runner.getClass().getSimpleName(),
        fairness.tenantShare()) : shares);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    queue = new FairQueue(shares);
    checkpointed = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("runs", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    for (byte[] b : checkpointed.get()) {
      queue.restore(Invoke.decode(b), b.length);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    MetricGroup g = getMetricGroup();
    runner.open(g);
    MetricGroup ipvm = g.addGroup("ipvm");
    overloaded = ipvm.counter("overloaded");
    ipvm.gauge("queued", () -> queue.waitingCount());
    ipvm.gauge("queuedBytes", () -> queue.waitingBytes());
    ipvm.gauge("running", () -> queue.runningCount());
    ipvm.gauge("tenantsWaiting", () -> queue.tenantsWaiting());
    startRuns(); // those restored from the checkpoint
    if (shares.perTenantInProcess() > 0) {
      retryEverySecond(); // a place another instance of this process gave back
    }
  }

  private void retryEverySecond() {
    var time = getProcessingTimeService();
    time.registerTimer(time.getCurrentProcessingTime() + 1000, t -> {
      if (!closed) {
        startRuns();
        retryEverySecond();
      }
    });
  }

  @Override
  public void processElement(StreamRecord<TaskEvent> element) {
    byte[] body = element.getValue().body();
    Invoke inv = Invoke.decode(body);
    switch (queue.offer(inv, body.length)) {
      case QUEUED -> startRuns();
      case DUPLICATE -> { } // a re-dispatch of a run still here: its result answers both
      case TENANT_FULL -> refuse(inv, "its issuer " + inv.tenant() + " already has " + shares.perTenantQueue()
          + " runs waiting or running on this executor; send it again later");
      case QUEUE_FULL -> refuse(inv, "this executor holds " + queue.waitingBytes() + " bytes of waiting runs, its "
          + "most; send it again later");
    }
  }

  private void refuse(Invoke inv, String why) {
    overloaded.inc();
    emit(Result.overloaded(inv.taskId(), inv.limits(), why));
  }

  private void startRuns() {
    for (Invoke inv = queue.next(); inv != null; inv = queue.next()) {
      Invoke run = inv;
      CompletableFuture<Result> future;
      try {
        future = runner.run(run);
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      long cap = runner.longestRunMillis(run) + WATCHDOG_SLACK_MS;
      future.orTimeout(cap, TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
        try {
          mailbox.execute(() -> finished(run, r, error, cap), "result of %s", run.taskId());
        } catch (RejectedExecutionException e) {
          // the task is shutting down: the run stays in the checkpoint and runs again after recovery
        }
      });
    }
  }

  private void finished(Invoke run, Result r, Throwable error, long cap) {
    if (closed) {
      return;
    }
    if (r == null && error == null) {
      return; // cut short by close: no outcome, it runs again after recovery
    }
    queue.finished(run.taskId().toString());
    if (error != null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      r = cause instanceof java.util.concurrent.TimeoutException
          ? Result.failed(run.taskId(), JobError.TIMEOUT, "the run did not finish within " + cap + " ms", run.limits())
          : Result.failed(run.taskId(), JobError.EXECUTOR_ERROR, "the executor failed: " + cause, run.limits());
    }
    emit(r);
    startRuns();
  }

  private void emit(Result r) {
    output.collect(new StreamRecord<>(TaskEvent.of(r)));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    java.util.List<byte[]> runs = new java.util.ArrayList<>();
    for (FairQueue.Entry e : queue.all()) {
      runs.add(e.invoke().encode());
    }
    checkpointed.update(runs);
  }

  @Override
  public void finish() throws Exception {
    // End of input (a bounded run, stop-with-savepoint --drain): answer everything accepted.
    while (!queue.isEmpty()) {
      mailbox.yield();
    }
    super.finish();
  }

  @Override
  public void close() throws Exception {
    closed = true;
    if (queue != null) {
      queue.releaseProcessShares();
    }
    runner.close();
    super.close();
  }

  private static final class Factory extends AbstractStreamOperatorFactory<TaskEvent>
      implements OneInputStreamOperatorFactory<TaskEvent, TaskEvent> {
    private static final long serialVersionUID = 1L;
    private final Runner runner;
    private final FairQueue.Shares shares;

    Factory(Runner runner, FairQueue.Shares shares) {
      this.runner = runner;
      this.shares = shares;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<TaskEvent>> T createStreamOperator(StreamOperatorParameters<TaskEvent> parameters) {
      return (T) new ExecutorOperator(parameters, runner, shares);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
      return ExecutorOperator.class;
    }
  }
}
