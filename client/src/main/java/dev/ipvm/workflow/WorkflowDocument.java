package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
 * effect every run. Tasks in Homestar's shape are read too ({@link HomestarDialect}).
 *
 * <p>Reading a document already does the client's part of the work that needs no key: files named
 * by {@code mod} (a path, relative to the document's folder) and by {@code {"file": path}} in
 * {@code params} or {@code args} are read, each {@code mod} file's CID is known, await names are
 * checked, and the tasks are put in dependency order (awaited tasks first, else document order).
 * {@link #resolve(String)} then gives every task its Task ID for a signer. Every problem is a
 * {@link WorkflowException} naming the document and the task.
 */
public final class WorkflowDocument {
  /** The largest file {@code mod} or {@code {"file": ...}} may name: a Kafka record (16 MiB) less 4 KiB. */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024 - 4096;
  /** Task names: a letter or '_', then letters, digits, '_', '-', '.'; at most 64 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
  /** The length of the random nonce an effect task without one gets. */
  public static final int RANDOM_NONCE_BYTES = 16;

  private final String source;
  private final TaskGraph graph;

  private WorkflowDocument(String source, TaskGraph graph) {
    this.source = source;
    this.graph = graph;
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
    List<Task> tasks = new WorkflowParser(base, source).document(doc);
    return new WorkflowDocument(source, TaskGraph.of(source, tasks));
  }

  /** The tasks in document order. */
  public List<Task> tasks() {
    return graph.tasks();
  }

  /** The tasks in dependency order: each after every task of this document it awaits. */
  public List<Task> order() {
    return graph.order();
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
    return resolve(did, KnownInstructions.NONE);
  }

  /**
   * The same, with the Task IDs of the instructions of other workflows that Homestar tasks await
   * ({@link #externalInstructions()}): such an await becomes an await of that Task ID.
   *
   * @throws WorkflowException when an awaited instruction is neither a task of this document nor in
   *     {@code known}
   */
  public ResolvedWorkflow resolve(String did, KnownInstructions known) {
    return Resolver.resolve(source, graph, did, known);
  }

  /**
   * The Instruction CIDs that Homestar tasks of this document await but none of its tasks has:
   * tasks another workflow ran (Homestar's two-part workflows), whose Task IDs must be known to
   * resolve this one.
   */
  public Set<Cid> externalInstructions() {
    return graph.external();
  }
}
