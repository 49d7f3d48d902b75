package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;

/**
 * A dependent registering with a task it awaits (keyed by {@code task}): when the task's result
 * is known, now or later, the dependent gets a {@link Resolved}.
 *
 * @param as the task the dependent named in its await; differs from {@code task} when the
 *     awaited task's receipt handed its result on to a join task ({@code fx.join}), whose
 *     outcome then answers the await
 */
public record Awaiting(Cid task, Cid dependent, Cid as) {

  public Awaiting(Cid task, Cid dependent) {
    this(task, dependent, task);
  }

  /** The same registration handed on to {@code join}. */
  public Awaiting forwardTo(Cid join) {
    return new Awaiting(join, dependent, as);
  }

  public byte[] encode() {
    Ipld.Map.Builder b = Ipld.Map.builder()
        .put("task", Ipld.link(task))
        .put("dependent", Ipld.link(dependent));
    if (!as.equals(task)) {
      b.put("as", Ipld.link(as));
    }
    return DagCbor.encode(b.build());
  }

  public static Awaiting decode(byte[] bytes) {
    return fromIpld(DagCbor.decode(bytes));
  }

  public static Awaiting fromIpld(Ipld value) {
    Body b = new Body(value, "awaiting");
    Cid task = b.link("task");
    Cid as = b.optionalLink("as");
    return new Awaiting(task, b.link("dependent"), as == null ? task : as);
  }
}
