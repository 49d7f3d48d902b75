package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.Await;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * The other side of {@link Dependents}: the results of the tasks that the task in progress awaits,
 * kept in its state as they arrive ({@link Resolved}), and its args with each await replaced once
 * all are here.
 */
final class Inputs {
  /** A marker among the inputs: some awaited result may not be memoized, so neither may this one. */
  private static final String NOT_MEMOIZABLE = "-";

  private final MapState<String, byte[]> state;

  Inputs(MapState<String, byte[]> state) {
    this.state = state;
  }

  /** Keeps the result of an awaited task. */
  void add(Resolved r) throws Exception {
    state.put(r.task().toString(), r.encode());
  }

  /**
   * {@code inv} with every await replaced by its task's result, or null while some result is
   * still missing. Marks the inputs not memoizable when one of them is not.
   *
   * @throws Await.MismatchException when a result does not fit where it is awaited
   */
  Invoke ready(Invoke inv) throws Exception {
    Map<Cid, Outcome> results = new HashMap<>();
    boolean memoizable = true;
    for (Cid task : Await.awaited(inv.args())) {
      byte[] r = state.get(task.toString());
      if (r == null) {
        return null;
      }
      Resolved resolved = Resolved.decode(r);
      results.put(task, resolved.out());
      memoizable &= resolved.memoizable();
    }
    if (!memoizable) {
      state.put(NOT_MEMOIZABLE, new byte[0]);
    }
    Ipld args = Await.resolve(inv.args(), results);
    if (!(args instanceof Ipld.Map resolvedArgs)) {
      throw new IllegalStateException("resolving a map gave a " + args.kind());
    }
    return inv.with(resolvedArgs, inv.limits());
  }

  /** Whether what is computed from these inputs may be memoized: false once one of them may not. */
  boolean memoizable() throws Exception {
    return !state.contains(NOT_MEMOIZABLE);
  }

  /** The Task IDs {@code inv} awaits whose results have not come. */
  List<String> missing(Invoke inv) throws Exception {
    List<String> missing = new ArrayList<>();
    for (Cid task : Await.awaited(inv.args())) {
      if (!state.contains(task.toString())) {
        missing.add(task.toString());
      }
    }
    return missing;
  }

  void clear() {
    state.clear();
  }
}
