package dev.ipvm.cli.workflow;

import dev.ipvm.cli.kafka.CheckedReceipt;
import dev.ipvm.cli.terminal.ReceiptText;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.workflow.ResolvedWorkflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one {@code ipvm workflow run}: per task, in document order, the invocation signed
 * for it and its receipt once here. The progress display, the outputs and the JSON report all read
 * what a task has come to from here, so they cannot disagree.
 */
final class WorkflowRun {
  /** What a task has come to. */
  enum Status { WAITING, RUNNING, OK, MEMO, COALESCED, REPLAY, ERROR, INVALID }

  /** One task of the run: what was signed and the receipt, once here. */
  static final class Slot {
    final ResolvedWorkflow.ResolvedTask task;
    Signed<Invocation> signed;
    CheckedReceipt receipt;

    Slot(ResolvedWorkflow.ResolvedTask task) {
      this.task = task;
    }

    String label() {
      return task.task().label();
    }
  }

  private final List<Slot> slots = new ArrayList<>();

  WorkflowRun(ResolvedWorkflow resolved) {
    for (ResolvedWorkflow.ResolvedTask t : resolved.tasks()) {
      slots.add(new Slot(t));
    }
  }

  /** The tasks in document order. */
  List<Slot> slots() {
    return slots;
  }

  Status status(Slot s) {
    if (s.receipt == null) {
      for (ResolvedWorkflow.ResolvedAwait a : s.task.awaits()) {
        if (a.task() != null && slots.get(a.task().index()).receipt == null) {
          return Status.WAITING;
        }
      }
      return Status.RUNNING;
    }
    if (!s.receipt.valid()) {
      return Status.INVALID;
    }
    Receipt r = s.receipt.signed().payload();
    if (r.out() instanceof Outcome.Error) {
      return Status.ERROR;
    }
    if (Ipld.TRUE.equals(r.meta().get("coalesced"))) {
      return Status.COALESCED;
    }
    if (ReceiptText.replay(r)) {
      return Status.REPLAY;
    }
    return r.meta().containsKey("memo") ? Status.MEMO : Status.OK;
  }

  /** The state as the progress shows it. */
  String stateText(Slot s) {
    switch (status(s)) {
      case WAITING:
        return "waiting";
      case RUNNING:
        return "running";
      case OK:
        return "ok";
      case MEMO:
        return "memo hit";
      case COALESCED:
        return "ok (coalesced)";
      case REPLAY:
        return "ok (replay)";
      case ERROR:
        Outcome.Error e = (Outcome.Error) s.receipt.signed().payload().out();
        return "error " + e.name() + ": " + e.message();
      case INVALID:
        return "invalid receipt: " + s.receipt.reason();
      default:
        throw new IllegalStateException("unknown status");
    }
  }

  /** Every task's state, in document order. */
  List<String> states() {
    return slots.stream().map(this::stateText).toList();
  }

  /** The summary line, counting from {@code start} ({@link System#nanoTime()}). */
  String summary(long start) {
    int done = 0;
    int running = 0;
    int waiting = 0;
    for (Slot s : slots) {
      Status st = status(s);
      if (st == Status.WAITING) {
        waiting++;
      } else if (st == Status.RUNNING) {
        running++;
      } else {
        done++;
      }
    }
    return WorkflowProgress.summary(done, slots.size(), running, waiting, (System.nanoTime() - start) / 1e9);
  }

  /** The tasks without a receipt. */
  List<Slot> missing() {
    return slots.stream().filter(s -> s.receipt == null).toList();
  }

  /** Whether a task failed: an error receipt, or one that does not verify. */
  boolean failed() {
    return slots.stream().anyMatch(s -> status(s) == Status.ERROR || status(s) == Status.INVALID);
  }
}
