package dev.ipvm.cli.workflow;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of {@code ipvm workflow run}: a line per task on standard output, {@code <name>:
 * <value>}, and the values too big for a line (bytes, or long DAG-JSON) written to files in the
 * output folder instead, so that a terminal never gets an image.
 */
final class WorkflowOutputs {
  /** Values whose DAG-JSON is longer than this go to a file. */
  static final int MAX_INLINE_CHARS = 1024;

  private WorkflowOutputs() {}

  /** Writes the values that go to files; per task the file's path as shown, or null. */
  static List<String> writeFiles(List<WorkflowRun.Slot> slots, Path outDir) throws IOException {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      WorkflowRun.Slot s = slots.get(i);
      Ipld value = okValue(s);
      byte[] bytes = null;
      String ext = null;
      if (value instanceof Ipld.Bytes b) {
        bytes = b.toByteArray();
        ext = bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == '6' ? ".ppm" : ".bin";
      } else if (value != null) {
        String text = DagJson.encodeToString(value);
        if (text.length() > MAX_INLINE_CHARS) {
          bytes = text.getBytes(StandardCharsets.UTF_8);
          ext = ".json";
        }
      }
      if (bytes == null) {
        files.add(null);
        continue;
      }
      Files.createDirectories(outDir);
      String base = s.task.task().name() != null ? s.task.task().name() : String.valueOf(i + 1);
      Path target = outDir.resolve(base + ext);
      Files.write(target, bytes);
      files.add(target.toString());
    }
    return files;
  }

  /** The text after {@code <name>: } on standard output. */
  static String text(WorkflowRun.Slot s, String file) throws IOException {
    if (s.receipt == null) {
      return "no receipt";
    }
    if (!s.receipt.valid()) {
      return "invalid receipt: " + s.receipt.reason();
    }
    Outcome out = s.receipt.signed().payload().out();
    if (out instanceof Outcome.Error e) {
      return "error " + e.name() + ": " + e.message();
    }
    if (file != null) {
      return "written to " + file + " (" + Files.size(Path.of(file)) + " bytes)";
    }
    return DagJson.encodeToString(((Outcome.Ok) out).value());
  }

  /** The ok value of a task with a good receipt, else null. */
  private static Ipld okValue(WorkflowRun.Slot s) {
    if (s.receipt != null && s.receipt.valid() && s.receipt.signed().payload().out() instanceof Outcome.Ok ok) {
      return ok.value();
    }
    return null;
  }
}
