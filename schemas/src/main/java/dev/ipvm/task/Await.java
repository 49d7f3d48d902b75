package dev.ipvm.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An await (promise pipelining, schemas/ipld/await.ipldsch): a one-entry map in an invocation's
 * {@code args}, {@code {"await/ok" | "await/error" | "await/*": <Task ID link>}}, standing for
 * (part of) another task's result.
 */
public record Await(Kind kind, Cid task) {

  /** Which part of the awaited result replaces the await. */
  public enum Kind {
    /** The {@code ok} value; the dependent fails if the awaited task failed. */
    OK("await/ok"),
    /** The {@code error} value; the dependent fails if the awaited task succeeded. */
    ERROR("await/error"),
    /** The whole {@code out}: {@code {ok: v}} or {@code {error: e}}. */
    ANY("await/*");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** The await map itself. */
  public Ipld.Map toIpld() {
    return Ipld.Map.builder().put(kind.key(), Ipld.link(task)).build();
  }

  /** The await {@code value} is, or null when it is not one. */
  public static Await of(Ipld value) {
    if (value instanceof Ipld.Map m && m.size() == 1 && m.value(0) instanceof Ipld.Link l) {
      for (Kind k : Kind.values()) {
        if (k.key().equals(m.key(0))) {
          return new Await(k, l.cid());
        }
      }
    }
    return null;
  }

  /** Every Task ID awaited anywhere inside {@code value}, in the order first met. */
  public static Set<Cid> awaited(Ipld value) {
    Set<Cid> out = new LinkedHashSet<>();
    collect(value, out);
    return out;
  }

  private static void collect(Ipld value, Set<Cid> out) {
    Await a = of(value);
    if (a != null) {
      out.add(a.task());
    } else if (value instanceof Ipld.Map m) {
      for (int i = 0; i < m.size(); i++) {
        collect(m.value(i), out);
      }
    } else if (value instanceof Ipld.List l) {
      for (Ipld item : l.items()) {
        collect(item, out);
      }
    }
  }

  /** An await whose awaited result is of the other branch: the dependent cannot run. */
  public static final class MismatchException extends IllegalArgumentException {
    private final transient Await await;

    MismatchException(Await await, String message) {
      super(message);
      this.await = await;
    }

    public Await await() {
      return await;
    }
  }

  /**
   * {@code value} with every await replaced by the part of its task's result it asks for.
   * Substituted values are data: they are not scanned again.
   *
   * @param results the result of every awaited task
   * @throws MismatchException when an await asks for {@code ok} of a failed task or
   *     {@code error} of a successful one
   * @throws IllegalArgumentException when a result is missing
   */
  public static Ipld resolve(Ipld value, Map<Cid, Outcome> results) {
    Await a = of(value);
    if (a != null) {
      Outcome out = results.get(a.task());
      if (out == null) {
        throw new IllegalArgumentException("no result for awaited task " + a.task());
      }
      switch (a.kind()) {
        case OK:
          if (out instanceof Outcome.Ok ok) {
            return ok.value();
          }
          Outcome.Error e = (Outcome.Error) out;
          throw new MismatchException(a, "awaited task " + a.task() + " failed (" + e.name() + ": " + e.message()
              + "), so its await/ok has no value");
        case ERROR:
          if (out instanceof Outcome.Error err) {
            return err.value();
          }
          throw new MismatchException(a, "awaited task " + a.task() + " succeeded, so its await/error has no value");
        default:
          return out.toIpld();
      }
    }
    if (value instanceof Ipld.Map m) {
      String[] keys = new String[m.size()];
      Ipld[] values = new Ipld[m.size()];
      for (int i = 0; i < m.size(); i++) {
        keys[i] = m.key(i);
        values[i] = resolve(m.value(i), results);
      }
      return Ipld.Map.ofCanonical(keys, values);
    }
    if (value instanceof Ipld.List l) {
      List<Ipld> items = new ArrayList<>(l.items().size());
      for (Ipld item : l.items()) {
        items.add(resolve(item, results));
      }
      return new Ipld.List(items);
    }
    return value;
  }
}
