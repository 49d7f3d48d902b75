package dev.ipvm.workflow;

/** A workflow document that cannot be run, with one line naming the document, the task and the problem. */
public final class WorkflowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WorkflowException(String message) {
    super(message);
  }

  /** {@code <source>: <at>: <message>}, e.g. {@code wf.json: task "crop": "run.fun" is missing}. */
  static WorkflowException at(String source, String at, String message) {
    return new WorkflowException(source + ": " + at + ": " + message);
  }
}
