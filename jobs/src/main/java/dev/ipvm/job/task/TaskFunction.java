package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.JobConfig;
import dev.ipvm.job.JobConfig.LimitSet;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.receipt.ReceiptIssuer;
import dev.ipvm.job.receipt.ReceiptOut;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Signed;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stateful function of one Task ID: identical work meets here. It answers from its memo,
 * lets a second invocation of running work wait for the first (coalescing), and otherwise
 * dispatches the run to the executor, whose result comes back over the feedback topic.
 *
 * <p>State per Task ID, all DAG-CBOR bytes: the memo entry (with a TTL), the invocation that
 * was dispatched and when, and the invocations waiting for it. Results are deterministic per
 * Task ID, so a duplicate or stale result from the at-least-once feedback topic is harmless:
 * with nothing running it is dropped, with something running it answers as the live one would.
 */
public final class TaskFunction extends KeyedProcessFunction<String, TaskEvent, ReceiptOut> {
  private static final long serialVersionUID = 1L;

  /** Runs to execute: the dispatched {@link Invoke} as a {@link TaskEvent}. */
  public static final OutputTag<TaskEvent> DISPATCH = new OutputTag<>("dispatch", TypeInformation.of(TaskEvent.class));

  /** Extra time past a run's own limits before a dispatch that never answered is sent again. */
  private static final long REDISPATCH_SLACK_MS = 60_000;

  private final JobConfig config;
  private transient ValueState<byte[]> memo;
  private transient ValueState<byte[]> running;
  private transient ValueState<Long> runningSince;
  private transient ListState<byte[]> waiters;
  private transient ReceiptIssuer issuer;
  private transient JobMetrics metrics;

  public TaskFunction(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<byte[]> memoDesc = new ValueStateDescriptor<>("memo", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    if (!config.memoTtl().isZero()) {
      memoDesc.enableTimeToLive(StateTtlConfig.newBuilder(config.memoTtl())
          .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
          .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
          .build());
    }
    memo = getRuntimeContext().getState(memoDesc);
    running = getRuntimeContext().getState(new ValueStateDescriptor<>("running", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    runningSince = getRuntimeContext().getState(new ValueStateDescriptor<>("running-since", Types.LONG));
    waiters = getRuntimeContext().getListState(new ListStateDescriptor<>("waiters", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    issuer = new ReceiptIssuer(config.executorKeyPem());
    metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(TaskEvent event, Context ctx, Collector<ReceiptOut> out) throws Exception {
    if (event.kind() == TaskEvent.Kind.INVOKE) {
      invoke(Invoke.decode(event.body()), ctx, out);
    } else {
      result(Result.decode(event.body()), ctx, out);
    }
  }

  private void invoke(Invoke inv, Context ctx, Collector<ReceiptOut> out) throws Exception {
    metrics.invocationsIn.inc();
    byte[] memoBytes = memo.value();
    if (memoBytes != null) {
      MemoEntry hit = MemoEntry.decode(memoBytes);
      if (hit.result().answers(inv.limits())) {
        metrics.memoHits.inc();
        emit(out, inv, hit.result(), hit.receipt(), false);
        return;
      }
    }
    waiters.add(inv.encode());
    if (running.value() != null) {
      metrics.coalesced.inc();
      return;
    }
    dispatch(inv, ctx);
  }

  private void dispatch(Invoke inv, Context ctx) throws Exception {
    running.update(inv.encode());
    long now = ctx.timerService().currentProcessingTime();
    runningSince.update(now);
    metrics.executions.inc();
    ctx.output(DISPATCH, TaskEvent.of(inv));
    ctx.timerService().registerProcessingTimeTimer(now + deadline(inv.limits()));
  }

  private long deadline(LimitSet limits) {
    return limits.timeMillis() + config.moduleWait().toMillis() + REDISPATCH_SLACK_MS;
  }

  private void result(Result r, Context ctx, Collector<ReceiptOut> out) throws Exception {
    if (running.value() == null) {
      metrics.staleResults.inc(); // a duplicate from the feedback topic, or a rolled-back attempt
      return;
    }
    List<Invoke> rest = new ArrayList<>();
    Cid first = null;
    for (byte[] w : waiters.get()) {
      Invoke inv = Invoke.decode(w);
      if (!r.answers(inv.limits())) {
        rest.add(inv);
      } else if (first == null) {
        first = emit(out, inv, r, null, false);
        if (r.memoizable()) {
          memo.update(new MemoEntry(r, first).encode());
        }
      } else {
        emit(out, inv, r, first, true);
      }
    }
    running.clear();
    runningSince.clear();
    waiters.clear();
    if (!rest.isEmpty()) {
      // They asked for more than the failed run had: run again under the largest of their limits.
      LimitSet max = rest.get(0).limits();
      for (Invoke inv : rest) {
        max = new LimitSet(Math.max(max.fuel(), inv.limits().fuel()), Math.max(max.memoryBytes(), inv.limits().memoryBytes()),
            Math.max(max.timeMillis(), inv.limits().timeMillis()), Math.max(max.outputBytes(), inv.limits().outputBytes()));
        waiters.add(inv.encode());
      }
      Invoke head = rest.get(0);
      dispatch(new Invoke(head.taskId(), head.invocation(), head.args(), max, head.receivedMillis()), ctx);
    }
  }

  /** Signs and emits the receipt answering {@code inv}; returns its CID. */
  private Cid emit(Collector<ReceiptOut> out, Invoke inv, Result r, Cid reused, boolean coalesced) {
    Ipld.Map.Builder meta = Ipld.Map.builder().put("fuel", r.fuel());
    if (reused != null) {
      meta.put("memo", Ipld.link(reused));
    }
    if (coalesced) {
      meta.put("coalesced", Ipld.TRUE);
    }
    Signed<Receipt> signed = issuer.sign(inv.invocation(), inv.taskId(), r.out(), meta.build());
    out.collect(ReceiptIssuer.out(signed, inv.invocation(), inv.taskId()));
    metrics.receipt(r.errorName(), System.currentTimeMillis() - inv.receivedMillis());
    return signed.cid();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReceiptOut> out) throws Exception {
    byte[] inv = running.value();
    Long since = runningSince.value();
    if (inv == null || since == null) {
      return;
    }
    Invoke dispatched = Invoke.decode(inv);
    if (timestamp >= since + deadline(dispatched.limits())) {
      metrics.redispatched.inc(); // its result never came back (should not happen): run it again
      dispatch(dispatched, ctx);
    }
  }
}
