package dev.ipvm.job.kafka;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import java.nio.charset.StandardCharsets;

/**
 * The feedback topic's values: a DAG-CBOR map with one key naming the message kind and the body
 * under it: {@code {"result": ...}} (a run's result, to its task), {@code {"resolved": ...}}
 * (an awaited task's result, to a dependent) or {@code {"awaiting": ...}} (a dependent handed
 * on to the join task of the task it awaits).
 */
public final class FeedbackMessage {
  private static final String RESULT = "result";
  private static final String RESOLVED = "resolved";
  private static final String AWAITING = "awaiting";

  private FeedbackMessage() {}

  public static byte[] wrap(TaskEvent e) {
    String kind = switch (e.kind()) {
      case RESULT -> RESULT;
      case RESOLVED -> RESOLVED;
      case AWAITING -> AWAITING;
      default -> throw new IllegalArgumentException("invocations do not travel on the feedback topic");
    };
    // {kind: body}: a one-entry map head (0xa1), the key as a short text string (0x60 + length;
    // both keys are under 24 bytes), and the body's canonical bytes appended.
    byte[] key = kind.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[2 + key.length + e.body().length];
    out[0] = (byte) 0xa1;
    out[1] = (byte) (0x60 + key.length);
    System.arraycopy(key, 0, out, 2, key.length);
    System.arraycopy(e.body(), 0, out, 2 + key.length, e.body().length);
    return out;
  }

  /** @throws IllegalArgumentException when the bytes are not a feedback message */
  public static TaskEvent unwrap(byte[] value) {
    Ipld v = DagCbor.decode(value);
    if (v instanceof Ipld.Map m && m.size() == 1) {
      if (m.get(RESULT) != null) {
        return TaskEvent.of(Result.fromIpld(m.get(RESULT)));
      }
      if (m.get(RESOLVED) != null) {
        return TaskEvent.of(Resolved.fromIpld(m.get(RESOLVED)));
      }
      if (m.get(AWAITING) != null) {
        return TaskEvent.of(Awaiting.fromIpld(m.get(AWAITING)));
      }
    }
    throw new IllegalArgumentException("not a feedback message: expected {\"result\": ...}, {\"resolved\": ...} or {\"awaiting\": ...}");
  }
}
