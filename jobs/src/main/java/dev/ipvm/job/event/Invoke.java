package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.wasm.Limits;

/**
 * A verified invocation, reduced to what answering it needs.
 *
 * @param taskId the Task ID (memo key)
 * @param invocation the CID of the invocation envelope: the receipt's {@code ran}
 * @param cmd the command: {@code /wasm/run} or an effect
 * @param args the args as they came (parsed again by the executor)
 * @param limits the limits the task asked for, with defaults filled in and maxima applied
 * @param receivedMillis when the job took the invocation in (for latency metrics)
 * @param tenant who asked: the issuer's DID; executors share their slots fairly among tenants
 *     ("" in state written before tenants existed)
 */
public record Invoke(Cid taskId, Cid invocation, Command cmd, Ipld.Map args, Limits limits, long receivedMillis,
    String tenant) {

  public WasmRun run() {
    return WasmRun.fromArgs(args);
  }

  /** The same invocation with other args (its awaits resolved) or other limits. */
  public Invoke with(Ipld.Map newArgs, Limits newLimits) {
    return new Invoke(taskId, invocation, cmd, newArgs, newLimits, receivedMillis, tenant);
  }

  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("task", Ipld.link(taskId))
        .put("inv", Ipld.link(invocation))
        .put("cmd", cmd.path())
        .put("args", args)
        .put("limits", Body.limits(limits))
        .put("at", receivedMillis)
        .put("iss", tenant)
        .build();
  }

  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  public static Invoke decode(byte[] bytes) {
    Body b = new Body(DagCbor.decode(bytes), "invoke");
    // state written before effects existed has no cmd: it was a /wasm/run
    Command cmd = b.optional("cmd") == null ? Command.WASM_RUN : Command.of(b.text("cmd"))
        .orElseThrow(() -> new IllegalArgumentException("invoke.cmd is not a command: " + b.text("cmd")));
    String tenant = b.optional("iss") == null ? "" : b.text("iss");
    return new Invoke(b.link("task"), b.link("inv"), cmd, b.map("args"), b.limits("limits"), b.integer("at"), tenant);
  }
}
