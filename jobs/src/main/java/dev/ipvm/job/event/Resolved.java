package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;

/**
 * The result of an awaited {@code task}, travelling over the feedback topic to a
 * {@code dependent} that awaits it (keyed by the dependent).
 *
 * @param memoizable whether the result may be memoized; a dependent computed from a result that
 *     may not is not memoized either
 */
public record Resolved(Cid task, Cid dependent, Outcome out, boolean memoizable) {

  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("task", Ipld.link(task))
        .put("dependent", Ipld.link(dependent))
        .put("out", out.toIpld())
        .put("memo", Ipld.bool(memoizable))
        .build();
  }

  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  public static Resolved decode(byte[] bytes) {
    return fromIpld(DagCbor.decode(bytes));
  }

  public static Resolved fromIpld(Ipld value) {
    Body b = new Body(value, "resolved");
    return new Resolved(b.link("task"), b.link("dependent"), Outcome.fromIpld(b.any("out")),
        b.any("memo").equals(Ipld.TRUE));
  }
}
