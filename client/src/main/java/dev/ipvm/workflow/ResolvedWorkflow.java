package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Invocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow document with every task's Task ID known, for one signer ({@link
 * WorkflowDocument#resolve(String)}).
 *
 * @param tasks in document order
 * @param order in dependency order: each task after every task of the document it awaits (the
 *     order in which they are signed and published)
 */
public record ResolvedWorkflow(List<ResolvedTask> tasks, List<ResolvedTask> order) {

  public ResolvedWorkflow {
    tasks = List.copyOf(tasks);
    order = List.copyOf(order);
  }

  /**
   * An await with its Task ID.
   *
   * @param task the awaited task of this document, or null for a Task ID from elsewhere
   */
  public record ResolvedAwait(Await.Kind kind, Task task, Cid taskId) {
    /** The awaited task's label, or its Task ID when it is not in this document. */
    public String label() {
      return task != null ? task.label() : taskId.toString();
    }
  }

  /**
   * A task ready to sign.
   *
   * @param did the subject, and the issuer unless the invocation is signed on its behalf
   * @param args the invocation's args ({@code /wasm/run}: {@code {mod, fun, params}}), awaits
   *     linking Task IDs
   * @param taskId CID of {@code {sub, cmd, args, nonce}}
   * @param awaits every await in {@code args}, in the order met
   */
  public record ResolvedTask(Task task, String did, Ipld.Map args, Cid taskId,
      List<ResolvedAwait> awaits) {

    public ResolvedTask {
      awaits = List.copyOf(awaits);
    }

    ResolvedTask(Task task, String did, Ipld.Map args) {
      this(task, did, args, builder(task, did, args).build().taskId(), List.of());
    }

    ResolvedTask withAwaits(List<ResolvedAwait> list) {
      return new ResolvedTask(task, did, args, taskId, list);
    }

    /** The invocation to sign: the task's command, self-issued by {@code did}, issued at {@code iat}. */
    public Invocation invocation(long iat) {
      return builder(task, did, args).iat(iat).build();
    }

    /**
     * The invocation to sign on the subject's behalf ({@code did} is then the subject): issued by
     * {@code issuer}, with the delegations from the subject to it in {@code prf}.
     */
    public Invocation invocation(long iat, String issuer, List<Cid> prf) {
      return builder(task, did, args).iss(issuer).prf(prf).iat(iat).build();
    }

    private static Invocation.Builder builder(Task task, String did, Ipld.Map args) {
      Invocation.Builder b = Invocation.builder()
          .iss(did)
          .sub(did)
          .cmd(task.cmd().path())
          .args(args)
          .nonce(task.nonce());
      if (task.meta() != null) {
        b.meta(task.meta());
      }
      return b;
    }
  }

  /**
   * Per task (document order), whether its Task ID changes from run to run: it has a random nonce
   * (an effect task without one), or awaits a task of this document whose Task ID does.
   */
  public boolean[] perRun() {
    boolean[] out = new boolean[tasks.size()];
    for (ResolvedTask t : order) { // awaited tasks come first
      boolean changes = t.task().randomNonce();
      for (ResolvedAwait a : t.awaits()) {
        changes |= a.task() != null && out[a.task().index()];
      }
      out[t.task().index()] = changes;
    }
    return out;
  }

  /** The modules given as files, by CID, in dependency order: the blocks to publish first. */
  public Map<Cid, byte[]> modules() {
    Map<Cid, byte[]> out = new LinkedHashMap<>();
    for (ResolvedTask t : order) {
      if (t.task().module() instanceof ModuleSource.File f) {
        out.putIfAbsent(f.cid(), f.bytes());
      }
    }
    return out;
  }
}
