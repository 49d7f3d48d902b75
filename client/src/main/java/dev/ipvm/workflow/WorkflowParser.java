package dev.ipvm.workflow;

import static dev.ipvm.workflow.Wording.kind;

import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a decoded document: {@code {"tasks": [...]}}, names unique, and each task in the native
 * form ({@code name?, run | cmd + args, meta?, nonce?}), the files it names read ({@link DocumentFiles}).
 * A task in Homestar's shape goes to {@link HomestarDialect}. Awaits are collected as written;
 * whether they name tasks of the document is the {@link TaskGraph}'s to check.
 */
final class WorkflowParser {
  private static final Set<String> TASK_KEYS = Set.of("name", "run", "cmd", "args", "meta", "nonce");
  private static final Set<String> RUN_KEYS = Set.of("mod", "fun", "params");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String source;
  private final DocumentFiles files;
  private final HomestarDialect homestar;

  WorkflowParser(Path base, String source) {
    this.source = source;
    this.files = new DocumentFiles(base, source);
    this.homestar = new HomestarDialect(source);
  }

  /** The tasks in document order. */
  List<Task> document(Ipld doc) {
    if (!(doc instanceof Ipld.Map m)) {
      throw new WorkflowException(source + ": a workflow is a map {\"tasks\": [...]}, got a " + kind(doc));
    }
    for (String key : m.entries().keySet()) {
      if (!key.equals("tasks")) {
        throw new WorkflowException(source + ": unknown field \"" + key + "\" (a workflow is {\"tasks\": [...]})");
      }
    }
    if (!(m.get("tasks") instanceof Ipld.List list)) {
      throw new WorkflowException(source + ": " + (m.get("tasks") == null ? "\"tasks\" is missing"
          : "\"tasks\" must be a list, got a " + kind(m.get("tasks"))));
    }
    if (list.size() == 0) {
      throw new WorkflowException(source + ": \"tasks\" is empty");
    }
    List<Task> tasks = new ArrayList<>();
    Map<String, Task> names = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Task t = task(i, list.get(i));
      if (t.name() != null) {
        Task other = names.putIfAbsent(t.name(), t);
        if (other != null) {
          throw new WorkflowException(source + ": tasks " + "#" + (other.index() + 1) + " and #" + (i + 1)
              + " are both named \"" + t.name() + "\" (names must be unique)");
        }
      }
      tasks.add(t);
    }
    return tasks;
  }

  private Task task(int index, Ipld value) {
    String at = "task #" + (index + 1);
    if (value instanceof Ipld.Map hm && hm.get("run") instanceof Ipld.Map hr && HomestarDialect.isHomestar(hr)) {
      return homestar.task(index, hm, hr);
    }
    if (!(value instanceof Ipld.Map m)) {
      throw fail(at, "must be a map {name?, run | cmd + args, meta?, nonce?}, got a " + kind(value));
    }
    String name = null;
    if (m.get("name") != null) {
      if (!(m.get("name") instanceof Ipld.Text t)) {
        throw fail(at, "\"name\" must be a string, got a " + kind(m.get("name")));
      }
      name = t.value();
      if (!WorkflowDocument.NAME.matcher(name).matches()) {
        throw fail(at, "name \"" + name + "\" is not a valid name: start with a letter or '_', then letters,"
            + " digits, '_', '-' or '.', at most 64 characters");
      }
      at = "task \"" + name + "\"";
    }
    for (String key : m.entries().keySet()) {
      if (!TASK_KEYS.contains(key)) {
        throw fail(at, "unknown field \"" + key + "\" (a task has name, run or cmd and args, meta, nonce)");
      }
    }
    if (m.get("run") != null && m.get("cmd") != null) {
      throw fail(at, "has both \"run\" and \"cmd\": a task is either {\"run\": {mod, fun, params}} or"
          + " {\"cmd\": ..., \"args\": {...}}");
    }
    if (m.get("cmd") != null) {
      return commandTask(index, name, at, m);
    }
    if (m.get("args") != null) {
      throw fail(at, "\"args\" goes with \"cmd\" (a run task's arguments are \"run.params\")");
    }
    if (!(m.get("run") instanceof Ipld.Map run)) {
      throw fail(at, m.get("run") == null ? "\"run\" or \"cmd\" is missing: a task is {\"run\": {mod, fun,"
          + " params}} or {\"cmd\": ..., \"args\": {...}}"
          : "\"run\" must be a map {\"mod\", \"fun\", \"params\"}, got a " + kind(m.get("run")));
    }
    for (String key : run.entries().keySet()) {
      if (!RUN_KEYS.contains(key)) {
        throw fail(at, "unknown field \"run." + key + "\" (run has mod, fun, params)");
      }
    }
    ModuleSource module = files.module(at, run.get("mod"));
    if (!(run.get("fun") instanceof Ipld.Text fun)) {
      throw fail(at, run.get("fun") == null ? "\"run.fun\" is missing: the exported function to call"
          : "\"run.fun\" must be a string, got a " + kind(run.get("fun")));
    }
    Ipld.List params;
    List<AwaitRef> awaits = new ArrayList<>();
    if (run.get("params") == null) {
      params = new Ipld.List(List.of());
    } else if (run.get("params") instanceof Ipld.List l) {
      params = (Ipld.List) prepare(at, l, "run.params", awaits);
    } else {
      throw fail(at, "\"run.params\" must be a list, got a " + kind(run.get("params")));
    }
    Ipld.Map meta = meta(at, m.get("meta"), Command.WASM_RUN);
    byte[] nonce = nonce(at, m.get("nonce"), Command.WASM_RUN);
    return new Task(index, name, Command.WASM_RUN, module, fun.value(), params, null, meta, nonce, false,
        List.copyOf(awaits), null);
  }

  /**
   * A task naming its command: {@code {"cmd": "/http/post", "args": {...}, "meta"?, "nonce"?}}.
   * Its args are prepared like run params (awaits of names, {@code {"file": path}}) and, when
   * they await nothing, checked as the job will check them.
   */
  private Task commandTask(int index, String name, String at, Ipld.Map m) {
    if (!(m.get("cmd") instanceof Ipld.Text c)) {
      throw fail(at, "\"cmd\" must be a string such as \"/http/post\", got a " + kind(m.get("cmd")));
    }
    Command cmd = Command.of(c.value()).orElseThrow(() -> fail(at, "cmd \"" + c.value()
        + "\" is not supported (supported: " + String.join(", ", Command.paths()) + ")"));
    if (!(m.get("args") instanceof Ipld.Map given)) {
      throw fail(at, m.get("args") == null ? "\"args\" is missing: the " + cmd.path() + " arguments, a map"
          : "\"args\" must be a map, got a " + kind(m.get("args")));
    }
    List<AwaitRef> awaits = new ArrayList<>();
    if (!(prepare(at, given, "args", awaits) instanceof Ipld.Map args)) {
      throw fail(at, "\"args\" must be a map of arguments, not a {\"file\": ...} (the file's bytes)");
    }
    if (awaits.isEmpty()) {
      // With awaits the values are known only when the job runs the task: it checks them then.
      try {
        cmd.check(args);
      } catch (IllegalArgumentException e) {
        throw fail(at, "invalid args for " + cmd.path() + ": " + e.getMessage());
      }
    }
    Ipld.Map meta = meta(at, m.get("meta"), cmd);
    byte[] nonce = nonce(at, m.get("nonce"), cmd);
    boolean random = cmd.effect() && m.get("nonce") == null;
    if (random) {
      nonce = new byte[WorkflowDocument.RANDOM_NONCE_BYTES];
      RANDOM.nextBytes(nonce);
    }
    return new Task(index, name, cmd, null, null, null, args, meta, nonce, random, List.copyOf(awaits), null);
  }

  /** {@code meta}: a map (null when absent or empty); the Wasm limits are checked for /wasm/run. */
  private Ipld.Map meta(String at, Ipld meta, Command cmd) {
    if (meta == null) {
      return null;
    }
    if (!(meta instanceof Ipld.Map mm)) {
      throw fail(at, "\"meta\" must be a map, got a " + kind(meta));
    }
    if (cmd == Command.WASM_RUN) {
      try {
        WasmRun.RequestedLimits.fromMeta(mm);
      } catch (IllegalArgumentException e) {
        throw fail(at, e.getMessage());
      }
    }
    return mm.size() == 0 ? null : mm;
  }

  /** {@code nonce}: hex; absent is empty (pure). An effect's may not be empty. */
  private byte[] nonce(String at, Ipld value, Command cmd) {
    if (value == null) {
      return new byte[0];
    }
    if (!(value instanceof Ipld.Text hex)) {
      throw fail(at, "\"nonce\" must be a hex string, got a " + kind(value));
    }
    byte[] nonce;
    try {
      nonce = HexFormat.of().parseHex(hex.value());
    } catch (IllegalArgumentException e) {
      throw fail(at, "\"nonce\" must be a hex string (an even number of 0-9, a-f), got \"" + hex.value() + "\"");
    }
    if (nonce.length == 0 && cmd.effect()) {
      // An empty nonce marks pure, shareable work; an effect is neither.
      throw fail(at, "\"nonce\" must not be empty for an effect (" + cmd.path() + "): leave it out for a new"
          + " random one each run, or pin one in hex");
    }
    return nonce;
  }

  /**
   * {@code value} with each {@code {"file": path}} replaced by the file's bytes, collecting the
   * awaits met (which are checked and kept as written).
   */
  private Ipld prepare(String at, Ipld value, String path, List<AwaitRef> awaits) {
    Await.Kind kind = AwaitRef.kindOf(value);
    if (kind != null) {
      Ipld target = ((Ipld.Map) value).value(0);
      if (target instanceof Ipld.Text name) {
        awaits.add(new AwaitRef(kind, name.value(), null));
      } else if (target instanceof Ipld.Link l) {
        if (l.cid().codec() != Multicodec.DAG_CBOR) {
          throw fail(at, path + ": " + kind.key() + " links " + l.cid() + ", which is not a Task ID (a Task ID"
              + " is a dag-cbor CID, bafyrei...)");
        }
        awaits.add(new AwaitRef(kind, null, l.cid()));
      } else {
        throw fail(at, path + ": " + kind.key() + " must name a task of this workflow (a string) or link a"
            + " Task ID ({\"/\": \"bafyrei...\"}), got a " + kind(target));
      }
      return value;
    }
    if (value instanceof Ipld.Map m) {
      if (m.size() == 1 && m.key(0).equals("file") && m.value(0) instanceof Ipld.Text f) {
        return Ipld.Bytes.wrap(files.read(at, path, f.value()));
      }
      String[] keys = new String[m.size()];
      Ipld[] values = new Ipld[m.size()];
      for (int i = 0; i < m.size(); i++) {
        keys[i] = m.key(i);
        values[i] = prepare(at, m.value(i), path + "." + m.key(i), awaits);
      }
      return Ipld.Map.ofCanonical(keys, values);
    }
    if (value instanceof Ipld.List l) {
      List<Ipld> items = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        items.add(prepare(at, l.get(i), path + "[" + i + "]", awaits));
      }
      return new Ipld.List(items);
    }
    return value;
  }

  private WorkflowException fail(String at, String message) {
    return WorkflowException.at(source, at, message);
  }
}
