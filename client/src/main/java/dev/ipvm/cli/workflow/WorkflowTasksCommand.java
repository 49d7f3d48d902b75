package dev.ipvm.cli.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cli.signing.UserKey;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Signer;
import dev.ipvm.workflow.ResolvedWorkflow;
import dev.ipvm.workflow.WorkflowDocument;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm workflow tasks}: resolve a workflow document offline and show its tasks. */
@Command(name = "tasks", aliases = "inspect", mixinStandardHelpOptions = true,
    description = {
        "Check a workflow document: each task's Task ID and awaits.",
        "",
        "It resolves a workflow document without publishing anything (a mod file's CID is computed, not published) "
            + "and prints one line per task, in document order:",
        "  TASK  TASK-ID",
        "  TASK  TASK-ID  awaits TASK or TASK-ID[ (error|*)], ...",
        "  TASK  TASK-ID (per run)  /http/post  awaits ...",
        "Names are padded to one width; a task without a name is #N, its position from 1. The kind is shown for "
            + "await/error and await/*; a task's cmd is shown unless it is /wasm/run. A Homestar task also shows its "
            + "Instruction CID, which its awaits name: '#N  TASK-ID  instruction CID'.",
        "Task IDs depend on the signer (the invocation's subject), so they are those that 'ipvm workflow run' with "
            + "the same --key gives. But an effect task (a cmd such as /http/post) without a \"nonce\" gets a random "
            + "nonce on every run, so that each run performs it again: its Task ID, and those of the tasks awaiting "
            + "it, are new on every run, this listing included. They are marked '(per run)' and standard error says "
            + "so. Pin \"nonce\": \"HEX\" in the task to keep them.",
        "With --json, one object:",
        "  {\"did\": \"did:key:...\", \"tasks\": [{\"name\": \"crop\" or null, \"taskId\": \"...\",",
        "   \"perRun\": false (true: the Task ID is new on every run), \"cmd\": \"/wasm/run\",",
        "   \"instruction\": \"bafyrmi...\" (Homestar tasks only),",
        "   \"module\": \"bafkrei...\" or \"data:\", \"fun\": \"crop\" (/wasm/run only),",
        "   \"awaits\": [{\"kind\": \"await/ok\", \"name\": \"crop\" or null, \"taskId\": \"...\"}]}],",
        "   \"order\": [task positions from 0, in the order they are published]}",
        "Exit codes: 0 the document is good; 1 it is not (one line says why)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm workflow tasks pipeline.json",
        "    crop    bafyrei...",
        "    rotate  bafyrei...  awaits crop",
        "    upload  bafyrei... (per run)  /http/put  awaits rotate",
        "  ipvm workflow inspect --json pipeline.json | jq -r '.tasks[].taskId'"})
final class WorkflowTasksCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The workflow document (DAG-JSON).")
  Path file;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = {UserKey.HELP, UserKey.HELP_DEFAULT})
  Path key;

  @Option(names = "--json", description = "One JSON object (see above).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    WorkflowDocument doc = WorkflowDocument.read(file);
    Signer signer = UserKey.signer(key);
    ResolvedWorkflow resolved = doc.resolve(signer.did().toString());
    if (json) {
      System.out.println(json(signer.did().toString(), resolved));
      return 0;
    }
    int width = resolved.tasks().stream().mapToInt(t -> t.task().label().length()).max().orElse(0);
    boolean[] perRun = resolved.perRun();
    for (ResolvedWorkflow.ResolvedTask t : resolved.tasks()) {
      StringBuilder line = new StringBuilder(t.task().label());
      while (line.length() < width) {
        line.append(' ');
      }
      line.append("  ").append(t.taskId());
      if (perRun[t.task().index()]) {
        line.append(" (per run)");
      }
      if (t.task().cmd() != dev.ipvm.task.Command.WASM_RUN) {
        line.append("  ").append(t.task().cmd().path());
      }
      if (t.task().homestar()) {
        line.append("  instruction ").append(t.task().instruction());
      }
      List<ResolvedWorkflow.ResolvedAwait> awaits = t.awaits();
      for (int i = 0; i < awaits.size(); i++) {
        ResolvedWorkflow.ResolvedAwait a = awaits.get(i);
        line.append(i == 0 ? "  awaits " : ", ").append(a.label());
        if (a.kind() != dev.ipvm.task.Await.Kind.OK) {
          line.append(" (").append(a.kind().key().substring("await/".length())).append(')');
        }
      }
      System.out.println(line);
    }
    System.out.flush();
    for (boolean p : perRun) {
      if (p) {
        System.err.println("(per run): an effect task without a \"nonce\" gets a random one on every run, so its"
            + " Task ID and those of the tasks awaiting it are new on every run; pin \"nonce\": \"<hex>\" to keep them");
        break;
      }
    }
    return 0;
  }

  private static String json(String did, ResolvedWorkflow resolved) {
    StringWriter w = new StringWriter();
    boolean[] perRun = resolved.perRun();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("did", did);
      g.writeArrayFieldStart("tasks");
      for (ResolvedWorkflow.ResolvedTask t : resolved.tasks()) {
        g.writeStartObject();
        if (t.task().name() != null) {
          g.writeStringField("name", t.task().name());
        } else {
          g.writeNullField("name");
        }
        g.writeStringField("taskId", t.taskId().toString());
        g.writeBooleanField("perRun", perRun[t.task().index()]);
        g.writeStringField("cmd", t.task().cmd().path());
        if (t.task().homestar()) {
          g.writeStringField("instruction", t.task().instruction().toString());
        }
        if (t.task().cmd() == dev.ipvm.task.Command.WASM_RUN) {
          g.writeStringField("module", t.args().get("mod") instanceof Ipld.Link l ? l.cid().toString() : "data:");
          if (t.args().get("fun") instanceof Ipld.Text fun) {
            g.writeStringField("fun", fun.value());
          }
        }
        g.writeArrayFieldStart("awaits");
        for (ResolvedWorkflow.ResolvedAwait a : t.awaits()) {
          g.writeStartObject();
          g.writeStringField("kind", a.kind().key());
          if (a.task() != null && a.task().name() != null) {
            g.writeStringField("name", a.task().name());
          } else {
            g.writeNullField("name");
          }
          g.writeStringField("taskId", a.taskId().toString());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("order");
      for (ResolvedWorkflow.ResolvedTask t : resolved.order()) {
        g.writeNumber(t.task().index());
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
