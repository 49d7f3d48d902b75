package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Fx;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * The tasks that await one Task ID, kept in its state until its result is known, and what they
 * are sent then: the result ({@link Resolved}), or, when the function asked for further tasks
 * and named a join, the await handed on to that join task.
 */
final class Dependents {
  private final MapState<String, Boolean> state;
  private final String executorDid;

  Dependents(MapState<String, Boolean> state, String executorDid) {
    this.state = state;
    this.executorDid = executorDid;
  }

  /** Keeps {@code a} until this task's result is known. */
  void add(Awaiting a) throws Exception {
    state.put(key(a), true);
  }

  /**
   * Answers a dependent with {@code r}, or hands it on to the join task {@code r} asked for.
   *
   * @param memoizable whether the dependent may memoize what it computes from {@code r}
   */
  void answer(Awaiting a, Result r, boolean memoizable, KeyedProcessFunction<?, ?, ?>.Context ctx) {
    Cid join = Fx.join(r.fx(), r.taskId(), executorDid);
    if (join != null) {
      ctx.output(TaskFunction.RESOLVED, TaskEvent.of(a.forwardTo(join)));
    } else {
      ctx.output(TaskFunction.RESOLVED, TaskEvent.of(new Resolved(a.as(), a.dependent(), r.out(), memoizable)));
    }
  }

  /** Sends {@code r} to every task kept, and forgets them. */
  void release(Result r, boolean memoizable, KeyedProcessFunction<?, ?, ?>.Context ctx) throws Exception {
    boolean any = false;
    for (String d : state.keys()) {
      answer(fromKey(r.taskId(), d), r, memoizable, ctx);
      any = true;
    }
    if (any) {
      state.clear();
    }
  }

  /** A dependent as kept: its Task ID, and the task it awaits when that is another. */
  private static String key(Awaiting a) {
    return a.as().equals(a.task()) ? a.dependent().toString() : a.dependent() + " " + a.as();
  }

  private static Awaiting fromKey(Cid task, String key) {
    int space = key.indexOf(' ');
    return space < 0 ? new Awaiting(task, Cid.parse(key))
        : new Awaiting(task, Cid.parse(key.substring(0, space)), Cid.parse(key.substring(space + 1)));
  }
}
