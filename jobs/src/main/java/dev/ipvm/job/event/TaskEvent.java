package dev.ipvm.job.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * What reaches the {@link TaskFunction} of one Task ID: an invocation to answer, the result of a
 * run it dispatched, a dependent that awaits it, or the result of a task it awaits. The body is
 * the DAG-CBOR of {@link Invoke}, {@link Result}, {@link Awaiting} or {@link Resolved}, which
 * keeps the stream, the state and the feedback topic on one format.
 *
 * @param taskId the Task ID (CID text): the key
 * @param kind which body this is
 * @param body DAG-CBOR
 */
public record TaskEvent(String taskId, Kind kind, byte[] body) {

  public enum Kind { INVOKE, RESULT, AWAITING, RESOLVED }

  public TaskEvent {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(body, "body");
  }

  public static TaskEvent of(Invoke invoke) {
    return new TaskEvent(invoke.taskId().toString(), Kind.INVOKE, invoke.encode());
  }

  public static TaskEvent of(Result result) {
    return new TaskEvent(result.taskId().toString(), Kind.RESULT, result.encode());
  }

  /** To the awaited task. */
  public static TaskEvent of(Awaiting awaiting) {
    return new TaskEvent(awaiting.task().toString(), Kind.AWAITING, awaiting.encode());
  }

  /** To the dependent. */
  public static TaskEvent of(Resolved resolved) {
    return new TaskEvent(resolved.dependent().toString(), Kind.RESOLVED, resolved.encode());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskEvent e && e.taskId.equals(taskId) && e.kind == kind && Arrays.equals(e.body, body);
  }

  @Override
  public int hashCode() {
    return taskId.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return kind + " " + taskId + " (" + body.length + " bytes)";
  }
}
