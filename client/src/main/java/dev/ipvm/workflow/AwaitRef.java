package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;

/**
 * An await as written: of a task of this document by {@code name}, of any task by its {@code
 * taskId}, or (in a Homestar task) of a task of this document by its {@code instruction} CID
 * (exactly one of the three is set).
 */
public record AwaitRef(Await.Kind kind, String name, Cid taskId, Cid instruction) {
  public AwaitRef(Await.Kind kind, String name, Cid taskId) {
    this(kind, name, taskId, null);
  }

  /**
   * The kind of a one-entry map whose key is an await selector ({@code await/ok}, ...), whatever
   * its value; else null. The parsers and the resolver agree on what an await is through this.
   */
  static Await.Kind kindOf(Ipld value) {
    if (value instanceof Ipld.Map m && m.size() == 1) {
      for (Await.Kind k : Await.Kind.values()) {
        if (k.key().equals(m.key(0))) {
          return k;
        }
      }
    }
    return null;
  }
}
