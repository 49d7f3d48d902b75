package dev.ipvm.cli.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.dagjson.DagJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code ipvm workflow run --json} prints instead of progress and outputs: one JSON object,
 * {@code {"tasks": [{name, taskId, invocation, status, memo, coalesced, replay, nonce?, receipt?,
 * file?, invalid?}, ...], "seconds": 1.234}}, tasks in document order (the command's help says
 * what each field means).
 */
final class WorkflowReport {
  private WorkflowReport() {}

  /**
   * The report of a finished run.
   *
   * @param files per task (document order), the file its value was written to, or null
   */
  static String json(WorkflowRun run, List<String> files, double seconds) {
    List<WorkflowRun.Slot> slots = run.slots();
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeArrayFieldStart("tasks");
      for (int i = 0; i < slots.size(); i++) {
        WorkflowRun.Slot s = slots.get(i);
        WorkflowRun.Status st = run.status(s);
        g.writeStartObject();
        if (s.task.task().name() != null) {
          g.writeStringField("name", s.task.task().name());
        } else {
          g.writeNullField("name");
        }
        g.writeStringField("taskId", s.task.taskId().toString());
        g.writeStringField("invocation", s.signed.cid().toString());
        g.writeStringField("status", st == WorkflowRun.Status.WAITING || st == WorkflowRun.Status.RUNNING ? "timeout"
            : st == WorkflowRun.Status.ERROR || st == WorkflowRun.Status.INVALID ? "error" : "ok");
        g.writeBooleanField("memo", st == WorkflowRun.Status.MEMO);
        g.writeBooleanField("coalesced", st == WorkflowRun.Status.COALESCED);
        g.writeBooleanField("replay", st == WorkflowRun.Status.REPLAY);
        if (s.task.task().cmd().effect()) {
          g.writeStringField("nonce", HexFormat.of().formatHex(s.task.task().nonce()));
        }
        if (s.receipt != null && s.receipt.signed() != null) {
          g.writeFieldName("receipt");
          g.writeRawValue(DagJson.encodeToString(s.receipt.signed().envelope().payload()));
        }
        if (files.get(i) != null) {
          g.writeStringField("file", files.get(i));
        }
        if (st == WorkflowRun.Status.INVALID) {
          g.writeStringField("invalid", s.receipt.reason());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("seconds", Math.round(seconds * 1000) / 1000.0);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
