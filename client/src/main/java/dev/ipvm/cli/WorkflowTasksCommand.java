package dev.ipvm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cli.workflow.ResolvedWorkflow;
import dev.ipvm.cli.workflow.WorkflowDocument;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Signer;
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
        "Check a workflow document: each task's Task ID and what it awaits.",
        "",
        "Resolve a workflow document without publishing anything (a mod file's CID is",
        "computed, not published) and print one line per task, in document order:",
        "  <name>  <Task ID>",
        "  <name>  <Task ID>  awaits <name or Task ID>[ (error|*)], ...",
        "(names padded to one width; a task without a name is #N, its position from 1;",
        "the kind is shown for await/error and await/*; a Homestar task also shows",
        "its Instruction CID, which its awaits name: #N  <Task ID>  instruction <CID>).",
        "Task IDs depend on the signer (the invocation's subject), so they are those",
        "'ipvm workflow run' with the same --key gives. With --json, one object:",
        "  {\"did\": \"did:key:...\", \"tasks\": [{\"name\": \"crop\" or null, \"taskId\": \"...\",",
        "   \"instruction\": \"bafyrmi...\" (Homestar tasks only),",
        "   \"module\": \"bafkrei...\" or \"data:\", \"fun\": \"crop\",",
        "   \"awaits\": [{\"kind\": \"await/ok\", \"name\": \"crop\" or null, \"taskId\": \"...\"}]}],",
        "   \"order\": [<task positions from 0, in the order they are published>]}",
        "Exit codes: 0 the document is good; 1 it is not (one line says why)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm workflow tasks pipeline.json",
        "    crop    bafyrei...",
        "    rotate  bafyrei...  awaits crop",
        "  ipvm workflow inspect --json pipeline.json | jq -r '.tasks[].taskId'"})
final class WorkflowTasksCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The workflow document (DAG-JSON).")
  Path file;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = "The signing key (PKCS#8 PEM; default $IPVM_HOME/user.pem, created when missing).")
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
    for (ResolvedWorkflow.ResolvedTask t : resolved.tasks()) {
      StringBuilder line = new StringBuilder(t.task().label());
      while (line.length() < width) {
        line.append(' ');
      }
      line.append("  ").append(t.taskId());
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
    return 0;
  }

  private static String json(String did, ResolvedWorkflow resolved) {
    StringWriter w = new StringWriter();
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
        if (t.task().homestar()) {
          g.writeStringField("instruction", t.task().instruction().toString());
        }
        g.writeStringField("module", t.args().get("mod") instanceof Ipld.Link l ? l.cid().toString() : "data:");
        g.writeStringField("fun", t.task().fun());
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
