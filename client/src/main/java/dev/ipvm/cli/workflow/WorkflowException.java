package dev.ipvm.cli.workflow;

/** A workflow document that cannot be run, with one line naming the document, the task and the problem. */
public final class WorkflowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WorkflowException(String message) {
    super(message);
  }
}
