package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;

/**
 * A dependent registering with a task it awaits (keyed by {@code task}): when the task's result
 * is known, now or later, the dependent gets a {@link Resolved}.
 */
public record Awaiting(Cid task, Cid dependent) {

  public byte[] encode() {
    return DagCbor.encode(Ipld.Map.builder()
        .put("task", Ipld.link(task))
        .put("dependent", Ipld.link(dependent))
        .build());
  }

  public static Awaiting decode(byte[] bytes) {
    Body b = new Body(DagCbor.decode(bytes), "awaiting");
    return new Awaiting(b.link("task"), b.link("dependent"));
  }
}
