package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives every task of a document its Task ID for one signer. Tasks are resolved in dependency
 * order, so that when a task's awaits of names (or of Instruction CIDs) become awaits of Task IDs,
 * those Task IDs are known: a dependent's Task ID covers the Task IDs it awaits.
 */
final class Resolver {
  private Resolver() {}

  /**
   * @param source how messages name the document
   * @param known the Task IDs of the instructions of other workflows that tasks await
   * @throws WorkflowException when a task awaits an instruction neither in the document nor known
   */
  static ResolvedWorkflow resolve(String source, TaskGraph graph, String did, KnownInstructions known) {
    Objects.requireNonNull(did, "did");
    Map<String, Cid> ids = new LinkedHashMap<>();
    Map<Cid, Cid> idsByInstruction = new LinkedHashMap<>();
    for (Cid instruction : graph.external()) {
      Cid id = known.taskIds().get(instruction);
      if (id == null) {
        throw unknown(source, graph, instruction, known);
      }
      idsByInstruction.put(instruction, id);
    }
    ResolvedWorkflow.ResolvedTask[] byIndex = new ResolvedWorkflow.ResolvedTask[graph.tasks().size()];
    List<ResolvedWorkflow.ResolvedTask> inOrder = new ArrayList<>();
    for (Task t : graph.order()) {
      Ipld.Map args;
      if (t.args() != null) {
        args = (Ipld.Map) linkNames(t.args(), ids);
      } else {
        Ipld params = t.homestar() ? linkInstructions(t.params(), idsByInstruction) : linkNames(t.params(), ids);
        args = Ipld.Map.builder()
            .put("mod", t.module().toIpld())
            .put("fun", t.fun())
            .put("params", params)
            .build();
      }
      ResolvedWorkflow.ResolvedTask r = new ResolvedWorkflow.ResolvedTask(t, did, args);
      List<ResolvedWorkflow.ResolvedAwait> awaits = new ArrayList<>();
      for (AwaitRef a : t.awaits()) {
        if (a.name() != null) {
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), graph.named(a.name()), ids.get(a.name())));
        } else if (a.instruction() != null) {
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), graph.byInstruction(a.instruction()),
              idsByInstruction.get(a.instruction())));
        } else {
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), null, a.taskId()));
        }
      }
      r = r.withAwaits(awaits);
      if (t.name() != null) {
        ids.put(t.name(), r.taskId());
      }
      if (t.instruction() != null) {
        idsByInstruction.putIfAbsent(t.instruction(), r.taskId());
      }
      byIndex[t.index()] = r;
      inOrder.add(r);
    }
    return new ResolvedWorkflow(List.of(byIndex), inOrder);
  }

  private static WorkflowException unknown(String source, TaskGraph graph, Cid instruction, KnownInstructions known) {
    Task t = graph.tasks().stream()
        .filter(x -> x.awaits().stream().anyMatch(a -> instruction.equals(a.instruction()))).findFirst().orElseThrow();
    StringBuilder own = new StringBuilder();
    for (Task x : graph.tasks()) {
      if (x.instruction() != null) {
        own.append(own.length() == 0 ? "" : ", ").append(x.label()).append(' ').append(x.instruction());
      }
    }
    return new WorkflowException(source + ": " + t.described() + " awaits instruction " + instruction + ", which is no task of"
        + " this workflow (" + own + ") and was not found run by another workflow (searched: " + known.searched()
        + "). Run the workflow that has that task first, or check the CID: it covers the task's rsc, op, input and"
        + " nnc");
  }

  /** {@code value} with each await of an Instruction CID made an await of that task's Task ID. */
  private static Ipld linkInstructions(Ipld value, Map<Cid, Cid> ids) {
    Await.Kind kind = AwaitRef.kindOf(value);
    if (kind != null) {
      Ipld.Link l = (Ipld.Link) ((Ipld.Map) value).value(0);
      Cid id = Objects.requireNonNull(ids.get(l.cid()), "dependency order");
      return new Await(kind, id).toIpld();
    }
    if (value instanceof Ipld.Map m) {
      String[] keys = new String[m.size()];
      Ipld[] values = new Ipld[m.size()];
      for (int i = 0; i < m.size(); i++) {
        keys[i] = m.key(i);
        values[i] = linkInstructions(m.value(i), ids);
      }
      return Ipld.Map.ofCanonical(keys, values);
    }
    if (value instanceof Ipld.List l) {
      List<Ipld> items = new ArrayList<>(l.size());
      for (Ipld item : l.items()) {
        items.add(linkInstructions(item, ids));
      }
      return new Ipld.List(items);
    }
    return value;
  }

  /** {@code value} with each await of a name made an await of that task's Task ID. */
  private static Ipld linkNames(Ipld value, Map<String, Cid> ids) {
    Await.Kind kind = AwaitRef.kindOf(value);
    if (kind != null) {
      Ipld.Map m = (Ipld.Map) value;
      if (m.value(0) instanceof Ipld.Text name) {
        Cid id = Objects.requireNonNull(ids.get(name.value()), "dependency order");
        return new Await(kind, id).toIpld();
      }
      return value;
    }
    if (value instanceof Ipld.Map m) {
      String[] keys = new String[m.size()];
      Ipld[] values = new Ipld[m.size()];
      for (int i = 0; i < m.size(); i++) {
        keys[i] = m.key(i);
        values[i] = linkNames(m.value(i), ids);
      }
      return Ipld.Map.ofCanonical(keys, values);
    }
    if (value instanceof Ipld.List l) {
      List<Ipld> items = new ArrayList<>(l.size());
      for (Ipld item : l.items()) {
        items.add(linkNames(item, ids));
      }
      return new Ipld.List(items);
    }
    return value;
  }
}
