package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.JobConfig.LimitSet;
import dev.ipvm.task.WasmRun;

/**
 * A verified invocation of {@code /wasm/run}, reduced to what answering it needs.
 *
 * @param taskId the Task ID (memo key)
 * @param invocation the CID of the invocation envelope: the receipt's {@code ran}
 * @param args the {@code /wasm/run} args as they came (parsed again by the executor)
 * @param limits the limits the task asked for, with defaults filled in and maxima applied
 * @param receivedMillis when the job took the invocation in (for latency metrics)
 */
public record Invoke(Cid taskId, Cid invocation, Ipld.Map args, LimitSet limits, long receivedMillis) {

  public WasmRun run() {
    return WasmRun.fromArgs(args);
  }

  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("task", Ipld.link(taskId))
        .put("inv", Ipld.link(invocation))
        .put("args", args)
        .put("limits", Body.limits(limits))
        .put("at", receivedMillis)
        .build();
  }

  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  public static Invoke decode(byte[] bytes) {
    Body b = new Body(DagCbor.decode(bytes), "invoke");
    return new Invoke(b.link("task"), b.link("inv"), b.map("args"), b.limits("limits"), b.integer("at"));
  }
}
