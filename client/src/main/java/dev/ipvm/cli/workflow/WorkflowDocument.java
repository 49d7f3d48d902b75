package dev.ipvm.cli.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workflow document, parsed and checked (schemas/ipld/workflow.ipldsch, type {@code Workflow}):
 *
 * <pre>{@code
 * {"tasks": [
 *   {"name": "crop", "run": {"mod": "image.wasm", "fun": "crop",
 *                            "params": [{"file": "sample.ppm"}, 10, 20, 128, 96]},
 *    "meta": {"fuel": 1000000000}},
 *   {"name": "rotate", "run": {"mod": {"/": "bafkrei..."}, "fun": "rotate90",
 *                              "params": [{"await/ok": "crop"}]}},
 *   {"name": "upload", "cmd": "/http/put",
 *    "args": {"url": "https://example.org/rotated.ppm", "body": {"await/ok": "rotate"}}}
 * ]}
 * }</pre>
 *
 * <p>A task either runs a Wasm function ({@code run}) or names any command with its args ({@code
 * cmd}, {@code args}): the effects {@code /http/*} and {@code /kafka/publish} (dev.ipvm.task.Command).
 * An effect runs at most once per Task ID, so an effect task without a {@code nonce} gets a random
 * one each time the document is read: each run performs the effect again, and its Task ID (and
 * those of the tasks awaiting it) differ from run to run. A pinned {@code nonce} makes it the same
 * effect every run.
 *
 * <p>Reading a document already does the client's part of the work that needs no key: files named
 * by {@code mod} (a path, relative to the document's folder) and by {@code {"file": path}} in
 * {@code params} or {@code args} are read, each {@code mod} file's CID is known, await names are checked, and the
 * tasks are put in dependency order (awaited tasks first, else document order). {@link
 * #resolve(String)} then gives every task its Task ID for a signer. Every problem is a {@link
 * WorkflowException} naming the document and the task.
 */
public final class WorkflowDocument {
  /** The largest file {@code mod} or {@code {"file": ...}} may name: a Kafka record (16 MiB) less 4 KiB. */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024 - 4096;
  /** Task names: a letter or '_', then letters, digits, '_', '-', '.'; at most 64 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};
  private static final Set<String> TASK_KEYS = Set.of("name", "run", "cmd", "args", "meta", "nonce");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The length of the random nonce an effect task without one gets. */
  public static final int RANDOM_NONCE_BYTES = 16;
  private static final Set<String> RUN_KEYS = Set.of("mod", "fun", "params");
  private static final Set<String> HOMESTAR_TASK_KEYS = Set.of("run", "meta", "prf", "cause");
  private static final Set<String> HOMESTAR_RUN_KEYS = Set.of("rsc", "op", "input", "nnc");
  private static final Set<String> HOMESTAR_INPUT_KEYS = Set.of("func", "args");
  private static final Set<String> HOMESTAR_META_KEYS = Set.of("fuel", "memory", "time");
  /** The only Homestar operation: {@code run.op}. */
  public static final String HOMESTAR_OP = "wasm/run";

  /** Where a task's module comes from, as the document gives it. */
  public sealed interface Module {
    /** The value of {@code args.mod}. */
    Ipld toIpld();

    /** A link to a raw block, published beforehand ({@code ipvm put}). */
    record Linked(Cid cid) implements Module {
      @Override
      public Ipld toIpld() {
        return Ipld.link(cid);
      }
    }

    /** A {@code data:application/wasm;base64,...} URI, kept as written. */
    record DataUri(String uri) implements Module {
      @Override
      public Ipld toIpld() {
        return Ipld.text(uri);
      }
    }

    /**
     * A .wasm file, which the client publishes to the blocks topic; {@code args.mod} links it.
     *
     * @param path the file, resolved against the document's folder
     */
    record File(Path path, byte[] bytes, Cid cid) implements Module {
      @Override
      public Ipld toIpld() {
        return Ipld.link(cid);
      }
    }
  }

  /**
   * An await as written: of a task of this document by {@code name}, of any task by its {@code
   * taskId}, or (in a Homestar task) of a task of this document by its {@code instruction} CID
   * (exactly one of the three is set).
   */
  public record AwaitRef(Await.Kind kind, String name, Cid taskId, Cid instruction) {
    public AwaitRef(Await.Kind kind, String name, Cid taskId) {
      this(kind, name, taskId, null);
    }
  }

  /**
   * One task as written, with its files read: a {@code run} task ({@code module}, {@code fun},
   * {@code params}; {@code args} null) or a {@code cmd} task ({@code args}; {@code module}, {@code
   * fun}, {@code params} null).
   *
   * @param index position in the document, from 0
   * @param name its name, or null
   * @param cmd the command: {@code /wasm/run} for a {@code run} task and a Homestar task
   * @param params the params with every {@code {"file": path}} replaced by the file's bytes; awaits
   *     of names are still {@code {"await/ok": "name"}}
   * @param args a {@code cmd} task's args, prepared like {@code params}
   * @param meta the invocation's meta, or null
   * @param nonce the nonce (empty: pure, memoizable)
   * @param randomNonce whether {@code nonce} was drawn at random for this reading of the document
   *     (an effect task without a {@code nonce}): its Task ID differs from run to run
   * @param awaits every await in {@code params} or {@code args}, in the order met
   * @param instruction for a Homestar task, its Instruction CID (dag-cbor, sha3-256 of its {@code
   *     run} map as written), which its awaits in {@code params} still link; null for ours
   */
  public record Task(int index, String name, Command cmd, Module module, String fun, Ipld.List params,
      Ipld.Map args, Ipld.Map meta, byte[] nonce, boolean randomNonce, List<AwaitRef> awaits, Cid instruction) {
    /** Whether the document wrote this task in Homestar's shape. */
    public boolean homestar() {
      return instruction != null;
    }

    /** The name, or {@code #N} (its position, from 1) for a task without one. */
    public String label() {
      return name != null ? name : "#" + (index + 1);
    }

    /** How messages name the task: {@code task "crop"} or {@code task #2}. */
    String described() {
      return name != null ? "task \"" + name + "\"" : "task " + label();
    }

    @Override
    public byte[] nonce() {
      return nonce.clone();
    }
  }

  private final String source;
  private final List<Task> tasks;
  private final List<Task> order;

  private WorkflowDocument(String source, List<Task> tasks, List<Task> order) {
    this.source = source;
    this.tasks = List.copyOf(tasks);
    this.order = List.copyOf(order);
  }

  /** Reads a DAG-JSON workflow file; relative paths in it are relative to its folder. */
  public static WorkflowDocument read(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new WorkflowException("no such workflow file: " + file);
    }
    if (size > MAX_FILE_BYTES) {
      throw new WorkflowException(file + " is " + size + " bytes, more than a workflow document may be");
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(Files.readAllBytes(file), base, file.getFileName().toString());
  }

  /**
   * Parses a DAG-JSON workflow document.
   *
   * @param base the folder that relative paths in the document are relative to
   * @param source how messages name the document (its file name)
   */
  public static WorkflowDocument parse(byte[] json, Path base, String source) {
    Ipld doc;
    try {
      doc = DagJson.decode(HomestarJson.clampMeta(json));
    } catch (IllegalArgumentException e) {
      throw new WorkflowException(source + ": not DAG-JSON: " + e.getMessage());
    }
    Parser p = new Parser(base, source);
    List<Task> tasks = p.document(doc);
    return new WorkflowDocument(source, tasks, dependencyOrder(source, tasks));
  }

  /** The tasks in document order. */
  public List<Task> tasks() {
    return tasks;
  }

  /** The tasks in dependency order: each after every task of this document it awaits. */
  public List<Task> order() {
    return order;
  }

  /** How messages name the document. */
  public String source() {
    return source;
  }

  /**
   * Gives every task its Task ID for a signer (the issuer and subject of each invocation), in
   * dependency order: awaits of names become awaits of the named task's Task ID, so a dependent's
   * Task ID covers the Task IDs it awaits.
   */
  public ResolvedWorkflow resolve(String did) {
    Objects.requireNonNull(did, "did");
    Map<String, Cid> ids = new LinkedHashMap<>();
    Map<Cid, Cid> idsByInstruction = new LinkedHashMap<>();
    ResolvedWorkflow.ResolvedTask[] byIndex = new ResolvedWorkflow.ResolvedTask[tasks.size()];
    List<ResolvedWorkflow.ResolvedTask> inOrder = new ArrayList<>();
    Map<String, Task> named = named();
    Map<Cid, Task> instructions = instructions(tasks);
    for (Task t : order) {
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
          Task awaited = named.get(a.name());
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), awaited, ids.get(a.name())));
        } else if (a.instruction() != null) {
          Task awaited = instructions.get(a.instruction());
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), awaited, idsByInstruction.get(a.instruction())));
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

  private Map<String, Task> named() {
    Map<String, Task> out = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.name() != null) {
        out.put(t.name(), t);
      }
    }
    return out;
  }

  /** The Homestar tasks by Instruction CID; of identical instructions, the first. */
  private static Map<Cid, Task> instructions(List<Task> tasks) {
    Map<Cid, Task> out = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.instruction() != null) {
        out.putIfAbsent(t.instruction(), t);
      }
    }
    return out;
  }

  /** {@code value} with each await of an Instruction CID made an await of that task's Task ID. */
  private static Ipld linkInstructions(Ipld value, Map<Cid, Cid> ids) {
    Await.Kind kind = awaitKind(value);
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
    Await.Kind kind = awaitKind(value);
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

  /** The kind of a one-entry map whose key is an await selector, whatever its value; else null. */
  private static Await.Kind awaitKind(Ipld value) {
    if (value instanceof Ipld.Map m && m.size() == 1) {
      for (Await.Kind k : Await.Kind.values()) {
        if (k.key().equals(m.key(0))) {
          return k;
        }
      }
    }
    return null;
  }

  /**
   * Awaited tasks first; among tasks free to go, document order. Fails on a name that names no
   * task and on a cycle.
   */
  private static List<Task> dependencyOrder(String source, List<Task> tasks) {
    Map<String, Task> named = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.name() != null) {
        named.put(t.name(), t);
      }
    }
    Map<Cid, Task> instructions = instructions(tasks);
    List<Set<Integer>> deps = new ArrayList<>();
    for (Task t : tasks) {
      Set<Integer> d = new LinkedHashSet<>();
      for (AwaitRef a : t.awaits()) {
        if (a.instruction() != null) {
          Task awaited = instructions.get(a.instruction());
          if (awaited == null) {
            StringBuilder known = new StringBuilder();
            for (Map.Entry<Cid, Task> e : instructions.entrySet()) {
              known.append(known.length() == 0 ? "" : ", ").append(e.getValue().label()).append(' ').append(e.getKey());
            }
            throw new WorkflowException(source + ": " + t.described() + ": " + a.kind().key() + " names instruction "
                + a.instruction() + ", which is no task of this workflow (a Homestar await names the Instruction"
                + " CID of a task of the same document: " + known + ")");
          }
          d.add(awaited.index());
          continue;
        }
        if (a.name() == null) {
          continue;
        }
        Task awaited = named.get(a.name());
        if (awaited == null) {
          String hint;
          if (looksLikeCid(a.name())) {
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
      deps.add(d);
    }
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
    return order;
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

  private static boolean looksLikeCid(String s) {
    if (s.length() < 40) {
      return false;
    }
    try {
      Cid.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Reads the document's structure; files are read relative to {@code base}. */
  private static final class Parser {
    private final Path base;
    private final String source;

    Parser(Path base, String source) {
      this.base = base;
      this.source = source;
    }

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
      if (value instanceof Ipld.Map hm && hm.get("run") instanceof Ipld.Map hr && isHomestar(hr)) {
        return homestarTask(index, hm, hr);
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
        if (!NAME.matcher(name).matches()) {
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
      Module module = module(at, run.get("mod"));
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
        nonce = new byte[RANDOM_NONCE_BYTES];
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
     * A Homestar task ({@code HomestarTask} in workflow.ipldsch): {@code {"run": {rsc, op, input:
     * {func, args}, nnc}, "meta": {fuel, memory, time}, "prf": [], "cause": null}}. Its awaits link
     * Instruction CIDs, checked against the document once every task is read.
     */
    private Task homestarTask(int index, Ipld.Map m, Ipld.Map run) {
      String at = "task #" + (index + 1);
      for (String key : m.entries().keySet()) {
        if (!HOMESTAR_TASK_KEYS.contains(key)) {
          throw fail(at, "unknown field \"" + key + "\" (a Homestar task has run, meta, prf, cause)");
        }
      }
      for (String key : run.entries().keySet()) {
        if (!HOMESTAR_RUN_KEYS.contains(key)) {
          throw fail(at, "unknown field \"run." + key + "\" (a Homestar instruction has rsc, op, input, nnc)");
        }
      }
      Ipld op = run.get("op");
      if (!(op instanceof Ipld.Text opText) || !opText.value().equals(HOMESTAR_OP)) {
        throw fail(at, op == null ? "\"run.op\" is missing: \"" + HOMESTAR_OP + "\""
            : "run.op " + op + " is not supported: the only operation is \"" + HOMESTAR_OP + "\"");
      }
      Module module = homestarModule(at, run.get("rsc"));
      if (!(run.get("input") instanceof Ipld.Map input)) {
        throw fail(at, run.get("input") == null ? "\"run.input\" is missing: {\"func\", \"args\"}"
            : "\"run.input\" must be a map {\"func\", \"args\"}, got a " + kind(run.get("input")));
      }
      for (String key : input.entries().keySet()) {
        if (!HOMESTAR_INPUT_KEYS.contains(key)) {
          throw fail(at, "unknown field \"run.input." + key + "\" (run.input has func, args)");
        }
      }
      if (!(input.get("func") instanceof Ipld.Text func)) {
        throw fail(at, input.get("func") == null ? "\"run.input.func\" is missing: the exported function to call"
            : "\"run.input.func\" must be a string, got a " + kind(input.get("func")));
      }
      List<AwaitRef> awaits = new ArrayList<>();
      Ipld.List params;
      if (input.get("args") == null) {
        params = new Ipld.List(List.of());
      } else if (input.get("args") instanceof Ipld.List args) {
        homestarAwaits(at, args, "run.input.args", awaits);
        params = args;
      } else {
        throw fail(at, "\"run.input.args\" must be a list, got a " + kind(input.get("args")));
      }
      byte[] nonce = homestarNonce(at, run.get("nnc"));
      Ipld.Map meta = homestarMeta(at, m.get("meta"));
      Ipld prf = m.get("prf");
      if (prf != null && !(prf instanceof Ipld.List l && l.size() == 0)) {
        throw fail(at, "\"prf\" must be []: proofs are given to the whole run with --proof FILE");
      }
      Ipld cause = m.get("cause");
      if (cause != null && !(cause instanceof Ipld.Null)) {
        throw fail(at, "\"cause\" must be null: a cause is not supported");
      }
      Cid instruction = DagCbor.cid(run, HashAlgorithm.SHA3_256);
      return new Task(index, null, Command.WASM_RUN, module, func.value(), params, null, meta, nonce, false,
          List.copyOf(awaits), instruction);
    }

    /** {@code rsc}: "ipfs://<CID>" or a bare CID of a raw block or of a UnixFS file (dag-pb root). */
    private Module homestarModule(String at, Ipld rsc) {
      if (!(rsc instanceof Ipld.Text text)) {
        throw fail(at, rsc == null ? "\"run.rsc\" is missing: \"ipfs://<CID of the module>\""
            : "\"run.rsc\" must be a string \"ipfs://<CID>\", got a " + kind(rsc));
      }
      String s = text.value();
      String cidText = s.startsWith("ipfs://") ? s.substring("ipfs://".length()) : s;
      Cid cid;
      try {
        cid = Cid.parse(cidText);
      } catch (IllegalArgumentException e) {
        throw fail(at, "run.rsc \"" + s + "\" is not \"ipfs://<CID>\" or a CID: " + e.getMessage());
      }
      if (cid.codec() != Multicodec.RAW && cid.codec() != Multicodec.DAG_PB) {
        throw fail(at, "run.rsc " + cid + " is not a raw block or a UnixFS file (codec 0x"
            + Long.toHexString(cid.codec()) + "): publish modules with 'ipvm put'");
      }
      return new Module.Linked(cid);
    }

    /** Checks the awaits in Homestar args: each links an Instruction CID (dag-cbor). */
    private void homestarAwaits(String at, Ipld value, String path, List<AwaitRef> awaits) {
      Await.Kind kind = awaitKind(value);
      if (kind != null) {
        Ipld target = ((Ipld.Map) value).value(0);
        if (!(target instanceof Ipld.Link l) || l.cid().codec() != Multicodec.DAG_CBOR) {
          throw fail(at, path + ": " + kind.key() + " must link the Instruction CID of a task of this workflow"
              + " ({\"/\": \"bafyrmi...\"}), got " + target);
        }
        awaits.add(new AwaitRef(kind, null, null, l.cid()));
        return;
      }
      if (value instanceof Ipld.Map m) {
        for (int i = 0; i < m.size(); i++) {
          homestarAwaits(at, m.value(i), path + "." + m.key(i), awaits);
        }
      } else if (value instanceof Ipld.List l) {
        for (int i = 0; i < l.size(); i++) {
          homestarAwaits(at, l.get(i), path + "[" + i + "]", awaits);
        }
      }
    }

    /** {@code nnc}: absent or "" is the empty nonce; else bytes, or a string of hex. */
    private byte[] homestarNonce(String at, Ipld nnc) {
      if (nnc == null) {
        return new byte[0];
      }
      if (nnc instanceof Ipld.Bytes b) {
        return b.toByteArray();
      }
      if (nnc instanceof Ipld.Text hex) {
        try {
          return HexFormat.of().parseHex(hex.value());
        } catch (IllegalArgumentException e) {
          throw fail(at, "\"run.nnc\" must be \"\", bytes or a hex string, got \"" + hex.value() + "\"");
        }
      }
      throw fail(at, "\"run.nnc\" must be \"\", bytes or a hex string, got a " + kind(nnc));
    }

    /** {@code meta}: fuel, memory, time, each a non-negative integer or null (dropped). */
    private Ipld.Map homestarMeta(String at, Ipld meta) {
      if (meta == null || meta instanceof Ipld.Null) {
        return null;
      }
      if (!(meta instanceof Ipld.Map mm)) {
        throw fail(at, "\"meta\" must be a map {fuel, memory, time}, got a " + kind(meta));
      }
      Ipld.Map.Builder b = Ipld.Map.builder();
      for (int i = 0; i < mm.size(); i++) {
        String key = mm.key(i);
        Ipld v = mm.value(i);
        if (!HOMESTAR_META_KEYS.contains(key)) {
          throw fail(at, "unknown field \"meta." + key + "\" (a Homestar task's meta has fuel, memory, time)");
        }
        if (v instanceof Ipld.Null) {
          continue;
        }
        if (!(v instanceof Ipld.Int n) || n.signum() < 0) {
          throw fail(at, "meta." + key + " must be a non-negative integer or null, got " + v);
        }
        b.put(key, v);
      }
      Ipld.Map out = b.build();
      return out.size() == 0 ? null : out;
    }

    private static boolean isHomestar(Ipld.Map run) {
      return run.containsKey("rsc") || run.containsKey("op") || run.containsKey("input");
    }

    private Module module(String at, Ipld mod) {
      if (mod == null) {
        throw fail(at, "\"run.mod\" is missing: a link to the module, a data: URI, or a .wasm file");
      }
      if (mod instanceof Ipld.Link l) {
        if (l.cid().codec() != Multicodec.RAW && l.cid().codec() != Multicodec.DAG_PB) {
          throw fail(at, "run.mod " + l.cid() + " is not a raw block or a UnixFS file (codec 0x"
              + Long.toHexString(l.cid().codec()) + "): publish modules with 'ipvm put'");
        }
        return new Module.Linked(l.cid());
      }
      if (!(mod instanceof Ipld.Text t)) {
        throw fail(at, "\"run.mod\" must be a link, a data: URI or a file path, got a " + kind(mod));
      }
      String text = t.value();
      if (text.startsWith("data:")) {
        if (!text.startsWith(WasmRun.DATA_URI_PREFIX)) {
          throw fail(at, "run.mod data: URI must start with \"" + WasmRun.DATA_URI_PREFIX + "\"");
        }
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(text.substring(WasmRun.DATA_URI_PREFIX.length()));
        } catch (IllegalArgumentException e) {
          throw fail(at, "run.mod data: URI is not valid base64: " + e.getMessage());
        }
        requireWasm(at, bytes, "the run.mod data: URI");
        return new Module.DataUri(text);
      }
      Path file = base.resolve(text);
      if (!Files.isRegularFile(file)) {
        String hint = looksLikeCid(text) ? " (a CID is written as a link: {\"/\": \"" + text + "\"})" : "";
        throw fail(at, "run.mod: no such file " + text + " (looked for " + file.normalize() + ")" + hint);
      }
      byte[] bytes = readFile(at, "run.mod", text, file);
      requireWasm(at, bytes, "run.mod " + text);
      return new Module.File(file.normalize(), bytes, Cid.of(Multicodec.RAW, bytes));
    }

    private void requireWasm(String at, byte[] bytes, String what) {
      if (bytes.length < 8 || !Arrays.equals(bytes, 0, 4, WASM_MAGIC, 0, 4)) {
        throw fail(at, what + " is not a Wasm module (it does not start with \\0asm)");
      }
    }

    private byte[] readFile(String at, String where, String text, Path file) {
      try {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
          throw fail(at, where + ": " + text + " is " + size + " bytes; a file is at most " + MAX_FILE_BYTES
              + " bytes (a Kafka record is 16 MiB)");
        }
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw fail(at, where + ": cannot read " + text + ": " + e);
      }
    }

    /**
     * {@code value} with each {@code {"file": path}} replaced by the file's bytes, collecting the
     * awaits met (which are checked and kept as written).
     */
    private Ipld prepare(String at, Ipld value, String path, List<AwaitRef> awaits) {
      Await.Kind kind = awaitKind(value);
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
          Path file = base.resolve(f.value());
          if (!Files.isRegularFile(file)) {
            throw fail(at, path + ": no such file " + f.value() + " (looked for " + file.normalize() + ")");
          }
          return Ipld.Bytes.wrap(readFile(at, path, f.value(), file));
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
      return new WorkflowException(source + ": " + at + ": " + message);
    }
  }

  private static String kind(Ipld v) {
    return v.kind().name().toLowerCase(java.util.Locale.ROOT);
  }
}
