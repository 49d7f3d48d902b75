package dev.ipvm.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Further tasks a pure function asks for, by returning
 * {@code {"ipvm/fx": {"fork": [Task], "join": Task?}, "out": value}} where a Task is
 * {@code {"cmd": "/http/post", "args": {...}, "meta"?: {...}}} (schemas/ipld/effects.ipldsch).
 * The function stays pure: it only describes the effects; the executor issues them as
 * invocations of its own, and the receipt's {@code fx} names their Task IDs. An await on the
 * function's task follows {@code join}: it resolves with the join task's outcome.
 *
 * @param out the function's own result (null when it gave none)
 * @param fork tasks to run alongside
 * @param join the task that continues the computation, or null
 */
public record FxRequest(Ipld out, List<TaskSpec> fork, TaskSpec join) {
  public static final String KEY = "ipvm/fx";
  /** At most this many tasks per result: a function cannot flood the effect stream. */
  public static final int MAX_TASKS = 64;

  public FxRequest {
    fork = List.copyOf(fork);
  }

  /** One requested task. */
  public record TaskSpec(Command cmd, Ipld.Map args, Ipld.Map meta) {}

  /** All requested tasks: fork in order, then join. */
  public List<TaskSpec> tasks() {
    List<TaskSpec> all = new ArrayList<>(fork);
    if (join != null) {
      all.add(join);
    }
    return all;
  }

  /**
   * The request in a function's result, or null when the result is not one (not a map with
   * an {@code "ipvm/fx"} key).
   *
   * @throws IllegalArgumentException when it is one but malformed; the message names the field
   */
  public static FxRequest parse(Ipld value) {
    if (!(value instanceof Ipld.Map m) || !m.containsKey(KEY)) {
      return null;
    }
    for (String k : m.entries().keySet()) {
      if (!k.equals(KEY) && !k.equals("out")) {
        throw new IllegalArgumentException("an effect request has an unknown field '" + k + "' (expected " + KEY
            + ", out)");
      }
    }
    if (!(m.get(KEY) instanceof Ipld.Map fx)) {
      throw new IllegalArgumentException(KEY + " must be a map {fork: [Task], join?: Task}");
    }
    for (String k : fx.entries().keySet()) {
      if (!k.equals("fork") && !k.equals("join")) {
        throw new IllegalArgumentException(KEY + " has an unknown field '" + k + "' (expected fork, join)");
      }
    }
    List<TaskSpec> fork = new ArrayList<>();
    Ipld f = fx.get("fork");
    if (f != null) {
      if (!(f instanceof Ipld.List l)) {
        throw new IllegalArgumentException(KEY + ".fork must be a list of tasks");
      }
      for (int i = 0; i < l.size(); i++) {
        fork.add(task(l.get(i), KEY + ".fork[" + i + "]"));
      }
    }
    Ipld j = fx.get("join");
    TaskSpec join = j == null || j instanceof Ipld.Null ? null : task(j, KEY + ".join");
    if (fork.size() + (join == null ? 0 : 1) > MAX_TASKS) {
      throw new IllegalArgumentException(KEY + " asks for more than " + MAX_TASKS + " tasks");
    }
    Ipld out = m.get("out");
    return new FxRequest(out == null ? Ipld.NULL : out, fork, join);
  }

  private static TaskSpec task(Ipld v, String where) {
    if (!(v instanceof Ipld.Map t)) {
      throw new IllegalArgumentException(where + " must be a map {cmd, args, meta?}");
    }
    for (String k : t.entries().keySet()) {
      if (!k.equals("cmd") && !k.equals("args") && !k.equals("meta")) {
        throw new IllegalArgumentException(where + " has an unknown field '" + k + "' (expected cmd, args, meta)");
      }
    }
    if (!(t.get("cmd") instanceof Ipld.Text cmd)) {
      throw new IllegalArgumentException(where + ".cmd must be a string");
    }
    Command c = Command.of(cmd.value()).orElseThrow(() -> new IllegalArgumentException(where + ".cmd '"
        + cmd.value() + "' is not supported (supported: " + Command.paths() + ")"));
    if (!(t.get("args") instanceof Ipld.Map args)) {
      throw new IllegalArgumentException(where + ".args must be a map");
    }
    Ipld meta = t.get("meta");
    if (meta != null && !(meta instanceof Ipld.Map)) {
      throw new IllegalArgumentException(where + ".meta must be a map");
    }
    if (Await.awaited(args).isEmpty()) {
      try {
        c.check(args);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return new TaskSpec(c, args, (Ipld.Map) meta);
  }

  /**
   * The nonce of the requested task at {@code index} (fork in order, then join): derived from
   * the requesting Task ID, so running the function again requests the very same tasks (same
   * Task IDs), which then run at most once.
   */
  public static byte[] nonce(Cid requester, int index) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(KEY.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      sha.update(requester.toBytes());
      sha.update(ByteBuffer.allocate(4).putInt(index).array());
      return Arrays.copyOf(sha.digest(), 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FxRequest(fork=%d, join=%s)", fork.size(), join == null ? "-" : join.cmd().path());
  }
}
