package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of one document and which of them each awaits: every await of a name checked to name a
 * task of the document, every await of an Instruction CID matched to the task of the document with
 * that instruction or else noted as another workflow's ({@link #external()}), and the tasks put in
 * dependency order. A document whose tasks await each other in a cycle has no order: the message
 * names one cycle.
 */
final class TaskGraph {
  private final List<Task> tasks;
  private final Map<String, Task> named;
  private final Map<Cid, Task> byInstruction;
  private final List<Task> order;
  private final Set<Cid> external;

  private TaskGraph(List<Task> tasks, Map<String, Task> named, Map<Cid, Task> byInstruction, List<Task> order,
      Set<Cid> external) {
    this.tasks = tasks;
    this.named = named;
    this.byInstruction = byInstruction;
    this.order = order;
    this.external = external;
  }

  /**
   * Checks the awaits of {@code tasks} (document order) and orders them.
   *
   * @param source how messages name the document
   * @throws WorkflowException on an await of a name of no task of the document, of itself, or on a
   *     cycle
   */
  static TaskGraph of(String source, List<Task> tasks) {
    Map<String, Task> named = new LinkedHashMap<>();
    Map<Cid, Task> byInstruction = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.name() != null) {
        named.put(t.name(), t);
      }
      if (t.instruction() != null) {
        byInstruction.putIfAbsent(t.instruction(), t); // of identical instructions, the first
      }
    }
    List<Set<Integer>> deps = new ArrayList<>();
    Set<Cid> external = new LinkedHashSet<>();
    for (Task t : tasks) {
      deps.add(dependencies(source, t, named, byInstruction, external));
    }
    return new TaskGraph(List.copyOf(tasks), named, byInstruction, dependencyOrder(source, tasks, deps),
        Collections.unmodifiableSet(external));
  }

  /**
   * The Instruction CIDs that Homestar tasks await but no task of this document has: tasks of
   * another workflow (Homestar's two-part workflows), in the order first met.
   */
  Set<Cid> external() {
    return external;
  }

  /** The tasks in dependency order: each after every task of the document it awaits. */
  List<Task> order() {
    return order;
  }

  List<Task> tasks() {
    return tasks;
  }

  /** The task of this name; null when none has it. */
  Task named(String name) {
    return named.get(name);
  }

  /** The Homestar task of this Instruction CID (of identical instructions, the first); null when none. */
  Task byInstruction(Cid instruction) {
    return byInstruction.get(instruction);
  }

  /** The positions of the tasks of this document that {@code t} awaits. */
  private static Set<Integer> dependencies(String source, Task t, Map<String, Task> named,
      Map<Cid, Task> byInstruction, Set<Cid> external) {
    Set<Integer> d = new LinkedHashSet<>();
    for (AwaitRef a : t.awaits()) {
      if (a.instruction() != null) {
        Task awaited = byInstruction.get(a.instruction());
        if (awaited == null) {
          external.add(a.instruction()); // another workflow's: its Task ID is looked up when resolving
        } else {
          d.add(awaited.index());
        }
        continue;
      }
      if (a.name() == null) {
        continue; // a Task ID from elsewhere: nothing to order
      }
      Task awaited = named.get(a.name());
      if (awaited == null) {
        String hint;
        if (Wording.looksLikeCid(a.name())) {
          hint = " (a Task ID is written as a link: {\"" + a.kind().key() + "\": {\"/\": \"" + a.name() + "\"}})";
        } else {
          hint = named.isEmpty() ? " (no task has a name)" : " (names: " + String.join(", ", named.keySet()) + ")";
        }
        throw new WorkflowException(source + ": " + t.described() + ": " + a.kind().key() + " names \""
            + a.name() + "\", which is no task of this workflow" + hint);
      }
      if (awaited == t) {
        throw new WorkflowException(source + ": " + t.described() + " awaits itself");
      }
      d.add(awaited.index());
    }
    return d;
  }

  /** Awaited tasks first; among tasks free to go, document order. Fails on a cycle. */
  private static List<Task> dependencyOrder(String source, List<Task> tasks, List<Set<Integer>> deps) {
    List<Task> order = new ArrayList<>();
    boolean[] placed = new boolean[tasks.size()];
    boolean progress = true;
    while (order.size() < tasks.size() && progress) {
      progress = false;
      for (Task t : tasks) {
        if (!placed[t.index()] && deps.get(t.index()).stream().allMatch(i -> placed[i])) {
          placed[t.index()] = true;
          order.add(t);
          progress = true;
          break; // restart: the earliest task that can go goes first
        }
      }
    }
    if (order.size() < tasks.size()) {
      throw new WorkflowException(source + ": " + cycle(tasks, deps, placed));
    }
    return List.copyOf(order);
  }

  /** Describes one cycle among the tasks not placed (each has an unplaced dependency). */
  private static String cycle(List<Task> tasks, List<Set<Integer>> deps, boolean[] placed) {
    int start = 0;
    while (placed[start]) {
      start++;
    }
    List<Integer> path = new ArrayList<>();
    int at = start;
    while (!path.contains(at)) {
      path.add(at);
      int from = at;
      at = deps.get(from).stream().filter(i -> !placed[i]).findFirst().orElseThrow();
    }
    List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    loop.add(at);
    StringBuilder s = new StringBuilder("tasks await each other in a cycle: ");
    for (int i = 0; i < loop.size(); i++) {
      if (i > 0) {
        s.append(" -> ");
      }
      s.append('"').append(tasks.get(loop.get(i)).label()).append('"');
    }
    return s.append(" (\"a\" -> \"b\": a awaits b)").toString();
  }
}
