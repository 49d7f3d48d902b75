package dev.ipvm.job.task;

import dev.ipvm.job.config.JobConfig;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The keyed state of one Task ID, declared in one place: names, types and TTLs are part of the
 * savepoint format, so anything that reads or writes the {@code tasks} operator's state outside
 * the job (a State Processor API tool) takes its descriptors from here.
 */
public final class TaskState {
  /** The memo entry ({@link MemoEntry}, DAG-CBOR) of a pure task; {@code memo.ttl} when not zero. */
  final ValueState<byte[]> memo;
  /** An effect's outcome ({@link MemoEntry}), so that a replay does not run it again; {@code effects.journal.ttl}. */
  final ValueState<byte[]> journal;
  /** The invocation in progress. */
  final ValueState<byte[]> running;
  final ValueState<Long> runningSince;
  final ValueState<Boolean> dispatched;
  /** The invocations waiting for the one in progress (coalesced). */
  final ListState<byte[]> waiters;
  /** The results of the tasks the one in progress awaits, by Task ID. */
  final MapState<String, byte[]> inputs;
  /** The dependents awaiting this task: a set. */
  final MapState<String, Boolean> dependents;

  TaskState(RuntimeContext rc, JobConfig config) {
    memo = rc.getState(memoDescriptor(config.memoTtl()));
    ValueStateDescriptor<byte[]> journalDesc = bytes("journal");
    if (!config.effects().journalTtl().isZero()) {
      journalDesc.enableTimeToLive(ttl(config.effects().journalTtl()));
    }
    journal = rc.getState(journalDesc);
    running = rc.getState(bytes("running"));
    runningSince = rc.getState(new ValueStateDescriptor<>("running-since", Types.LONG));
    dispatched = rc.getState(new ValueStateDescriptor<>("dispatched", Types.BOOLEAN));
    waiters = rc.getListState(new ListStateDescriptor<>("waiters", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    // Awaited results and registered dependents are useless once the await has timed out.
    Duration awaitTtl = config.awaitTimeout().plus(config.awaitTimeout());
    MapStateDescriptor<String, byte[]> inputsDesc =
        new MapStateDescriptor<>("inputs", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    inputsDesc.enableTimeToLive(ttl(awaitTtl));
    inputs = rc.getMapState(inputsDesc);
    MapStateDescriptor<String, Boolean> dependentsDesc = new MapStateDescriptor<>("dependents", Types.STRING, Types.BOOLEAN);
    dependentsDesc.enableTimeToLive(ttl(awaitTtl));
    dependents = rc.getMapState(dependentsDesc);
  }

  /** The memo's descriptor under {@code memo.ttl} (zero: no TTL), as the job declares it. */
  public static ValueStateDescriptor<byte[]> memoDescriptor(Duration memoTtl) {
    ValueStateDescriptor<byte[]> d = bytes("memo");
    if (!memoTtl.isZero()) {
      d.enableTimeToLive(ttl(memoTtl));
    }
    return d;
  }

  private static ValueStateDescriptor<byte[]> bytes(String name) {
    return new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  private static StateTtlConfig ttl(Duration d) {
    return StateTtlConfig.newBuilder(d)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }
}
