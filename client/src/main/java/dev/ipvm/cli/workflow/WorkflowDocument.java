package dev.ipvm.cli.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 *                              "params": [{"await/ok": "crop"}]}}
 * ]}
 * }</pre>
 *
 * <p>Reading a document already does the client's part of the work that needs no key: files named
 * by {@code mod} (a path, relative to the document's folder) and by {@code {"file": path}} in
 * {@code params} are read, each {@code mod} file's CID is known, await names are checked, and the
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
  private static final Set<String> TASK_KEYS = Set.of("name", "run", "meta", "nonce");
  private static final Set<String> RUN_KEYS = Set.of("mod", "fun", "params");

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
   * An await as written: of a task of this document by {@code name}, or of any task by its
   * {@code taskId} (exactly one of the two is set).
   */
  public record AwaitRef(Await.Kind kind, String name, Cid taskId) {}

  /**
   * One task as written, with its files read.
   *
   * @param index position in the document, from 0
   * @param name its name, or null
   * @param params the params with every {@code {"file": path}} replaced by the file's bytes; awaits
   *     of names are still {@code {"await/ok": "name"}}
   * @param meta the invocation's meta, or null
   * @param nonce the nonce (empty: pure, memoizable)
   * @param awaits every await in {@code params}, in the order met
   */
  public record Task(int index, String name, Module module, String fun, Ipld.List params, Ipld.Map meta,
      byte[] nonce, List<AwaitRef> awaits) {
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
      doc = DagJson.decode(json);
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
    ResolvedWorkflow.ResolvedTask[] byIndex = new ResolvedWorkflow.ResolvedTask[tasks.size()];
    List<ResolvedWorkflow.ResolvedTask> inOrder = new ArrayList<>();
    Map<String, Task> named = named();
    for (Task t : order) {
      Ipld params = linkNames(t.params(), ids);
      Ipld.Map args = Ipld.Map.builder()
          .put("mod", t.module().toIpld())
          .put("fun", t.fun())
          .put("params", params)
          .build();
      ResolvedWorkflow.ResolvedTask r = new ResolvedWorkflow.ResolvedTask(t, did, args);
      List<ResolvedWorkflow.ResolvedAwait> awaits = new ArrayList<>();
      for (AwaitRef a : t.awaits()) {
        if (a.name() != null) {
          Task awaited = named.get(a.name());
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), awaited, ids.get(a.name())));
        } else {
          awaits.add(new ResolvedWorkflow.ResolvedAwait(a.kind(), null, a.taskId()));
        }
      }
      r = r.withAwaits(awaits);
      if (t.name() != null) {
        ids.put(t.name(), r.taskId());
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
    List<Set<Integer>> deps = new ArrayList<>();
    for (Task t : tasks) {
      Set<Integer> d = new LinkedHashSet<>();
      for (AwaitRef a : t.awaits()) {
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
      if (!(value instanceof Ipld.Map m)) {
        throw fail(at, "must be a map {name?, run, meta?, nonce?}, got a " + kind(value));
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
      if (m.get("run") instanceof Ipld.Map run && isHomestar(run)) {
        throw fail(at, "this is a Homestar task (run.rsc, run.op, run.input): Homestar workflows are not"
            + " supported yet; write {\"run\": {\"mod\", \"fun\", \"params\"}}");
      }
      for (String key : m.entries().keySet()) {
        if (!TASK_KEYS.contains(key)) {
          throw fail(at, "unknown field \"" + key + "\" (a task has name, run, meta, nonce)");
        }
      }
      if (!(m.get("run") instanceof Ipld.Map run)) {
        throw fail(at, m.get("run") == null ? "\"run\" is missing: {\"mod\", \"fun\", \"params\"}"
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
      Ipld.Map meta = null;
      if (m.get("meta") != null) {
        if (!(m.get("meta") instanceof Ipld.Map mm)) {
          throw fail(at, "\"meta\" must be a map, got a " + kind(m.get("meta")));
        }
        try {
          WasmRun.RequestedLimits.fromMeta(mm);
        } catch (IllegalArgumentException e) {
          throw fail(at, e.getMessage());
        }
        meta = mm.size() == 0 ? null : mm;
      }
      byte[] nonce = new byte[0];
      if (m.get("nonce") != null) {
        if (!(m.get("nonce") instanceof Ipld.Text hex)) {
          throw fail(at, "\"nonce\" must be a hex string, got a " + kind(m.get("nonce")));
        }
        try {
          nonce = HexFormat.of().parseHex(hex.value());
        } catch (IllegalArgumentException e) {
          throw fail(at, "\"nonce\" must be a hex string (an even number of 0-9, a-f), got \"" + hex.value() + "\"");
        }
      }
      return new Task(index, name, module, fun.value(), params, meta, nonce, List.copyOf(awaits));
    }

    private static boolean isHomestar(Ipld.Map run) {
      return run.containsKey("rsc") || run.containsKey("op") || run.containsKey("input");
    }

    private Module module(String at, Ipld mod) {
      if (mod == null) {
        throw fail(at, "\"run.mod\" is missing: a link to the module, a data: URI, or a .wasm file");
      }
      if (mod instanceof Ipld.Link l) {
        if (l.cid().codec() != Multicodec.RAW) {
          throw fail(at, "run.mod " + l.cid() + " is not a raw block (codec 0x" + Long.toHexString(l.cid().codec())
              + "): modules are published as raw blocks (bafkrei..., see 'ipvm put')");
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
