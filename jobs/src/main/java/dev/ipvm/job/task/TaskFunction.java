package dev.ipvm.job.task;

import dev.ipvm.job.event.JobError;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Fx;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.cid.Cid;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.exec.InlineRunner;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.receipt.ReceiptIssuer;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.Command;
import dev.ipvm.task.KafkaPublish;
import dev.ipvm.task.Await;
import dev.ipvm.wasm.Limits;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stateful function of one Task ID: identical work meets here. It answers from its memo,
 * lets a second invocation of running work wait for the first (coalescing), and otherwise
 * dispatches the run to the executor, whose result comes back over the feedback topic. A small
 * pure run whose module is already compiled here runs at once instead ({@link InlineRunner}).
 *
 * <p>Awaits: a task that awaits others waits here until each has sent its result
 * ({@link Resolved}); then it runs with its awaits replaced, like any task. The other side: a
 * task keeps the dependents that registered with it ({@link Awaiting}) and sends each its result
 * when it is known, at once when it is memoized.
 *
 * <p>Effects ({@code /http/*}, {@code /kafka/publish}) go the same way to their own executor, but
 * their outcome is never memoized: it is journaled under their own Task ID only, so that a
 * replayed invocation (the same Task ID) is answered with it and the effect does not run twice,
 * while a new nonce makes a new Task ID that runs again. A function's result may ask for further
 * tasks ({@link Fx}); their invocations go out with its receipt, and an await on the function's
 * task is handed on to its {@code join} task.
 *
 * <p>State per Task ID, all DAG-CBOR bytes: the memo entry or the effect journal entry (each with a TTL), the invocation in
 * progress and since when, whether it was dispatched, the invocations waiting for it, the
 * results of the tasks it awaits, and the dependents awaiting it. Results are deterministic per
 * Task ID, so a duplicate or stale message from the at-least-once feedback topic is harmless.
 * The state is declared in {@link TaskState}.
 */
public final class TaskFunction extends KeyedProcessFunction<String, TaskEvent, OutRecord> {
  private static final long serialVersionUID = 1L;

  /** Runs to execute: the dispatched {@link Invoke} (awaits resolved) as a {@link TaskEvent}. */
  public static final OutputTag<TaskEvent> DISPATCH = new OutputTag<>("dispatch", TypeInformation.of(TaskEvent.class));
  /** Effects to execute: the dispatched {@link Invoke} of an effect command. */
  public static final OutputTag<TaskEvent> EFFECTS = new OutputTag<>("effects", TypeInformation.of(TaskEvent.class));
  /** Results for dependents ({@link Resolved}) and awaits handed on to join tasks ({@link Awaiting}), to the feedback topic. */
  public static final OutputTag<TaskEvent> RESOLVED = new OutputTag<>("resolved", TypeInformation.of(TaskEvent.class));

  /** Extra time past a run's own limits before a dispatch that never answered is sent again. */
  private static final long REDISPATCH_SLACK_MS = 60_000;

  private final JobConfig config;
  private transient TaskState state;
  private transient ReceiptIssuer issuer;
  private transient Answers answers;
  private transient SinkGuard guard;
  private transient JobMetrics metrics;
  private transient InlineRunner inline;
  private transient Dependents dependents;
  private transient Inputs inputs;

  public TaskFunction(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    state = new TaskState(getRuntimeContext(), config);
    issuer = new ReceiptIssuer(config.executorKeyPem());
    metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    guard = new SinkGuard(config.bootstrap(), config.topics());
    answers = new Answers(issuer, metrics, guard);
    dependents = new Dependents(state.dependents, issuer.did());
    inputs = new Inputs(state.inputs);
    inline = new InlineRunner(config);
    inline.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void close() throws Exception {
    if (guard != null) {
      guard.close();
    }
    if (inline != null) {
      inline.close();
    }
    super.close();
  }

  @Override
  public void processElement(TaskEvent event, Context ctx, Collector<OutRecord> out) throws Exception {
    switch (event.kind()) {
      case INVOKE -> invoke(Invoke.decode(event.body()), ctx, out);
      case RESULT -> result(Result.decode(event.body()), ctx, out);
      case AWAITING -> awaiting(Awaiting.decode(event.body()), ctx);
      case RESOLVED -> resolved(Resolved.decode(event.body()), ctx, out);
      default -> throw new IllegalStateException("unknown event kind " + event.kind());
    }
  }

  private void invoke(Invoke inv, Context ctx, Collector<OutRecord> out) throws Exception {
    metrics.invocationsIn.inc();
    MemoEntry done = recorded();
    if (done != null && done.result().answers(inv.limits())) {
      boolean effect = inv.cmd().effect();
      (effect ? metrics.replays : metrics.memoHits).inc();
      answers.receipt(out, inv, done.result(), Answers.Provenance.earlier(done.receipt(), effect));
      return;
    }
    if (state.running.value() != null) {
      state.waiters.add(inv.encode());
      metrics.coalesced.inc();
      return;
    }
    boolean runnable = Await.awaited(inv.args()).isEmpty();
    Result here = runnable ? runInline(inv) : null;
    if (here != null) { // answered before any state of a run in progress is written
      answerFirst(inv, here, false, null, here.memoizable(), out);
      dependents.release(here, here.memoizable(), ctx);
      return;
    }
    state.waiters.add(inv.encode());
    start(inv, runnable, ctx, out);
  }

  /** The result of running {@code inv} here and now ({@link InlineRunner}), or null when it goes to an executor. */
  private Result runInline(Invoke inv) {
    Result here = inv.cmd().effect() ? null : inline.tryRun(inv);
    if (here != null) {
      metrics.executions.inc();
      metrics.inlineRuns.inc();
    }
    return here;
  }

  /**
   * Answers the first invocation {@code r} answers with a fresh receipt, records {@code r} (an
   * effect's journal, else the memo when {@code memoizable}) and issues the tasks it asked for.
   *
   * @param published the record a {@code /kafka/publish} writes with its receipt, or null
   * @return the receipt's CID, which later answers name
   */
  private Cid answerFirst(Invoke inv, Result r, boolean effect, OutRecord published, boolean memoizable,
      Collector<OutRecord> out) throws Exception {
    Cid first = answers.receipt(out, inv, r, Answers.Provenance.fresh());
    if (effect && !r.notRun()) {
      state.journal.update(new MemoEntry(r, first).encode()); // every outcome: an effect runs at most once
      if (published != null) {
        out.collect(published);
      }
    } else if (memoizable) {
      state.memo.update(new MemoEntry(r, first).encode());
    }
    answers.issueFx(out, r.taskId(), r, first);
    return first;
  }

  /** The outcome this Task ID already has: a pure task's memo entry or an effect's journal entry. */
  private MemoEntry recorded() throws Exception {
    byte[] b = state.memo.value();
    if (b == null) {
      b = state.journal.value();
    }
    return b == null ? null : MemoEntry.decode(b);
  }

  /**
   * Begins work on {@code inv}: at once, or once every task it awaits has sent its result.
   *
   * @param inlineTried whether {@code inv} was just tried inline, in vain (it would fail the same way again)
   */
  private void start(Invoke inv, boolean inlineTried, Context ctx, Collector<OutRecord> out) throws Exception {
    state.running.update(inv.encode());
    long now = ctx.timerService().currentProcessingTime();
    state.runningSince.update(now);
    state.dispatched.update(false);
    if (inlineTried) {
      send(inv, ctx);
    } else if (Await.awaited(inv.args()).isEmpty()) {
      dispatch(inv, ctx, out);
    } else {
      metrics.awaiting.inc();
      ctx.timerService().registerProcessingTimeTimer(now + config.awaitTimeout().toMillis());
      tryResolve(inv, ctx, out);
    }
  }

  /** Runs {@code inv} inline if it can (no round trip through an executor), else sends it to its executor. */
  private void dispatch(Invoke inv, Context ctx, Collector<OutRecord> out) throws Exception {
    Result here = runInline(inv);
    if (here != null) {
      result(here, ctx, out);
    } else {
      send(inv, ctx);
    }
  }

  private void send(Invoke inv, Context ctx) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    state.runningSince.update(now);
    state.dispatched.update(true);
    if (inv.cmd().effect()) {
      metrics.effects.inc();
      ctx.output(EFFECTS, TaskEvent.of(inv));
    } else {
      metrics.executions.inc();
      ctx.output(DISPATCH, TaskEvent.of(inv));
    }
    ctx.timerService().registerProcessingTimeTimer(now + deadline(inv));
  }

  private long deadline(Invoke inv) {
    long run = inv.cmd().effect() ? config.effects().httpWorstCase().toMillis()
        : inv.limits().time().toMillis() + config.moduleWait().toMillis();
    return run + REDISPATCH_SLACK_MS;
  }

  /** Runs the task in progress if every awaited result is here; fails it on a mismatch. */
  private void tryResolve(Invoke inv, Context ctx, Collector<OutRecord> out) throws Exception {
    Invoke ready;
    try {
      ready = inputs.ready(inv);
    } catch (Await.MismatchException e) {
      result(Result.failed(inv.taskId(), JobError.AWAIT_MISMATCH, e.getMessage(), inv.limits(), inputs.memoizable()),
          ctx, out);
      return;
    }
    if (ready != null) {
      state.running.update(ready.encode()); // what a re-dispatch sends
      dispatch(ready, ctx, out);
    }
  }

  private void awaiting(Awaiting a, Context ctx) throws Exception {
    MemoEntry done = recorded();
    if (done != null) {
      dependents.answer(a, done.result(), true, ctx); // a recorded outcome is fixed for its Task ID
      return;
    }
    dependents.add(a);
  }

  private void resolved(Resolved r, Context ctx, Collector<OutRecord> out) throws Exception {
    inputs.add(r);
    byte[] inv = state.running.value();
    if (inv != null && !Boolean.TRUE.equals(state.dispatched.value())) {
      tryResolve(Invoke.decode(inv), ctx, out);
    }
  }

  private void result(Result r, Context ctx, Collector<OutRecord> out) throws Exception {
    byte[] runningBytes = state.running.value();
    if (runningBytes == null) {
      metrics.staleResults.inc(); // a duplicate from the feedback topic, or a rolled-back attempt
      return;
    }
    Invoke ran = Invoke.decode(runningBytes);
    boolean effect = ran.cmd().effect();
    OutRecord published = null;
    if (ran.cmd() == Command.KAFKA_PUBLISH && r.out() instanceof Outcome.Ok) {
      published = OutRecord.published(KafkaPublish.fromArgs(ran.args()), ran.taskId().toString());
      var no = guard.refusal(published); // the topic may have changed since the executor checked it
      if (no != null) {
        published = null;
        r = r.replacedBy(Outcome.Error.of(no.name(), no.message()));
      }
    }
    boolean memoizable = r.memoizable() && inputs.memoizable();
    List<Invoke> rest = new ArrayList<>();
    Cid first = null;
    for (byte[] w : state.waiters.get()) {
      Invoke inv = Invoke.decode(w);
      if (!r.answers(inv.limits())) {
        rest.add(inv);
      } else if (first == null) {
        first = answerFirst(inv, r, effect, published, memoizable, out);
      } else {
        answers.receipt(out, inv, r, Answers.Provenance.coalesced(first, effect));
      }
    }
    state.running.clear();
    state.runningSince.clear();
    state.dispatched.clear();
    state.waiters.clear();
    if (rest.isEmpty()) {
      inputs.clear();
      // an effect's outcome is fixed for its Task ID by the journal: dependents may memoize theirs
      dependents.release(r, memoizable || (effect && !r.notRun()), ctx);
    } else {
      // They asked for more than the failed run had: run again under the largest of their limits,
      // with the awaited results already here. Dependents wait for that run.
      Limits max = rest.get(0).limits();
      for (Invoke inv : rest) {
        max = max.raisedTo(inv.limits());
        state.waiters.add(inv.encode());
      }
      Invoke head = rest.get(0);
      start(head.with(head.args(), max), false, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutRecord> out) throws Exception {
    byte[] inv = state.running.value();
    Long since = state.runningSince.value();
    if (inv == null || since == null) {
      return;
    }
    Invoke inProgress = Invoke.decode(inv);
    if (!Boolean.TRUE.equals(state.dispatched.value())) {
      if (timestamp >= since + config.awaitTimeout().toMillis()) {
        List<String> missing = inputs.missing(inProgress);
        result(Result.failed(inProgress.taskId(), JobError.AWAIT_TIMEOUT, "no result within "
            + config.awaitTimeout().toMillis() + " ms from awaited task(s) " + String.join(", ", missing),
            inProgress.limits()), ctx, out);
      }
    } else if (timestamp >= since + deadline(inProgress)) {
      metrics.redispatched.inc(); // its result never came back (should not happen): run it again
      send(inProgress, ctx);
    }
  }
}
