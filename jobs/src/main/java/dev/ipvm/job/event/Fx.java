package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.task.FxRequest;
import dev.ipvm.ucan.Invocation;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks a function asked for ({@link FxRequest}) as the job keeps them in results and memo
 * entries, and as the executor issues them: each becomes an invocation signed by the executor
 * (iss = sub = the executor), with a nonce derived from the requesting Task ID, so that every
 * run of the same task requests the same Task IDs.
 */
public final class Fx {
  private Fx() {}

  static Ipld.Map toIpld(FxRequest fx) {
    List<Ipld> fork = new ArrayList<>();
    for (FxRequest.TaskSpec t : fx.fork()) {
      fork.add(task(t));
    }
    return Ipld.Map.builder()
        .put("out", fx.out())
        .put("fork", new Ipld.List(fork))
        .putIfPresent("join", fx.join() == null ? null : task(fx.join()))
        .build();
  }

  private static Ipld.Map task(FxRequest.TaskSpec t) {
    return Ipld.Map.builder()
        .put("cmd", t.cmd().path())
        .put("args", t.args())
        .putIfPresent("meta", t.meta())
        .build();
  }

  static FxRequest fromIpld(Ipld value) {
    Body b = new Body(value, "fx");
    Ipld.Map.Builder m = Ipld.Map.builder().put("fork", b.any("fork"));
    if (b.optional("join") != null) {
      m.put("join", b.any("join"));
    }
    return FxRequest.parse(Ipld.Map.builder().put(FxRequest.KEY, m.build()).put("out", b.any("out")).build());
  }

  /** The invocation of each requested task, in order (fork, then join), unsigned. */
  public static List<Invocation> invocations(FxRequest fx, Cid requester, String executorDid, Cid cause) {
    List<Invocation> out = new ArrayList<>();
    List<FxRequest.TaskSpec> tasks = fx.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      FxRequest.TaskSpec t = tasks.get(i);
      out.add(Invocation.builder()
          .iss(executorDid).sub(executorDid)
          .cmd(t.cmd().path()).args(t.args()).meta(t.meta())
          // an effect is one of a kind (at most once per Task ID); pure work may be shared
          .nonce(t.cmd().effect() ? FxRequest.nonce(requester, i) : new byte[0])
          .cause(cause)
          .build());
    }
    return out;
  }

  /** The receipt's {@code fx}: the Task IDs of the requested tasks. */
  public static Effects effects(FxRequest fx, Cid requester, String executorDid) {
    List<Cid> ids = new ArrayList<>();
    for (Invocation inv : invocations(fx, requester, executorDid, null)) {
      ids.add(inv.taskId());
    }
    Cid join = fx.join() == null ? null : ids.remove(ids.size() - 1);
    return new Effects(ids, join);
  }

  /** The Task ID of the join task, or null. */
  public static Cid join(FxRequest fx, Cid requester, String executorDid) {
    return fx == null ? null : effects(fx, requester, executorDid).join();
  }
}
