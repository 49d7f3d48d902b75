package dev.ipvm.job.kafka;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.task.Result;
import dev.ipvm.job.task.TaskEvent;

/**
 * The feedback topic's values: a DAG-CBOR map with one key naming the message kind
 * ({@code result}) and the body under it, so new kinds (resolved dependents) can join.
 */
public final class FeedbackMessage {
  /** DAG-CBOR of a one-entry map head (0xa1) and the text key "result" (0x66 + 6 bytes). */
  private static final byte[] RESULT_PREFIX = {(byte) 0xa1, 0x66, 'r', 'e', 's', 'u', 'l', 't'};

  private FeedbackMessage() {}

  public static byte[] wrap(TaskEvent e) {
    if (e.kind() != TaskEvent.Kind.RESULT) {
      throw new IllegalArgumentException("only results travel on the feedback topic, got " + e.kind());
    }
    // {"result": body}: the map head and key written out, the body's canonical bytes appended.
    byte[] out = new byte[RESULT_PREFIX.length + e.body().length];
    System.arraycopy(RESULT_PREFIX, 0, out, 0, RESULT_PREFIX.length);
    System.arraycopy(e.body(), 0, out, RESULT_PREFIX.length, e.body().length);
    return out;
  }

  /** @throws IllegalArgumentException when the bytes are not a feedback message */
  public static TaskEvent unwrap(byte[] value) {
    Ipld v = DagCbor.decode(value);
    if (v instanceof Ipld.Map m && m.size() == 1 && m.get("result") != null) {
      return TaskEvent.of(Result.fromIpld(m.get("result")));
    }
    throw new IllegalArgumentException("not a feedback message: expected {\"result\": ...}");
  }
}
