package dev.ipvm.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.ipvm.ipld.Ipld;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lenient pre-pass for Homestar workflow documents, before they are read as DAG-JSON: Homestar's
 * own fixtures write {@code "fuel": 18446744073709552000} (u64::MAX rounded by JSON), which is above
 * 2^64-1 and so no IPLD Int. In the {@code meta} of each Homestar-shaped task ({@code run} has
 * {@code rsc}, {@code op} or {@code input}) an integer above 2^64-1 is rewritten as 2^64-1, "as much
 * as allowed" (the job caps it by its maxima). Nothing else changes, byte for byte.
 */
final class HomestarJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] MAX = Ipld.Int.MAX.toString().getBytes(StandardCharsets.US_ASCII);

  private HomestarJson() {}

  /** A span of the document: an integer to replace. */
  private record Span(int task, int start, int end) {}

  /** {@code json} with oversized integers in Homestar tasks' meta clamped; itself when none are. */
  static byte[] clampMeta(byte[] json) {
    List<Span> spans = new ArrayList<>();
    Set<Integer> homestar = new HashSet<>();
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (key.equals("rsc") || key.equals("op") || key.equals("input")) {
            int task = taskOf(p.getParsingContext(), "run");
            if (task >= 0) {
              homestar.add(task);
            }
          }
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
          int task = taskOf(p.getParsingContext(), "meta");
          if (task >= 0 && p.getBigIntegerValue().compareTo(Ipld.Int.MAX) > 0) {
            long start = p.currentTokenLocation().getByteOffset();
            int length = p.getTextLength();
            if (start < 0) {
              return json;
            }
            spans.add(new Span(task, (int) start, (int) start + length));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return json; // not JSON: the DAG-JSON decoder says why
    }
    spans.removeIf(s -> !homestar.contains(s.task()));
    if (spans.isEmpty()) {
      return json;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
    int at = 0;
    for (Span s : spans) {
      out.write(json, at, s.start() - at);
      out.write(MAX, 0, MAX.length);
      at = s.end();
    }
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }

  /**
   * When {@code ctx} is the object under {@code field} of an element of the top-level {@code
   * tasks} list ({@code {"tasks": [{field: {...}}]}}), that element's index; else -1.
   */
  private static int taskOf(JsonStreamContext ctx, String field) {
    if (ctx == null || !ctx.inObject()) {
      return -1;
    }
    JsonStreamContext task = ctx.getParent();
    if (task == null || !task.inObject() || !field.equals(task.getCurrentName())) {
      return -1;
    }
    JsonStreamContext list = task.getParent();
    if (list == null || !list.inArray()) {
      return -1;
    }
    JsonStreamContext doc = list.getParent();
    if (doc == null || !doc.inObject() || !"tasks".equals(doc.getCurrentName())
        || doc.getParent() == null || !doc.getParent().inRoot()) {
      return -1;
    }
    return list.getCurrentIndex();
  }
}
