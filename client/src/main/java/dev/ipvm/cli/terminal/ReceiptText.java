package dev.ipvm.cli.terminal;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.effects.EffectError;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.authority.Failure;

/** How receipts read on a terminal. */
public final class ReceiptText {
  /** Values longer than this are cut in one-line listings (--json prints them whole). */
  public static final int MAX_VALUE_CHARS = 200;

  private ReceiptText() {}

  /**
   * {@code memo hit (receipt bafy...)}, {@code replay: recorded outcome, not run again (receipt
   * bafy...)} for an effect asked for again, {@code denied: <reason>} when the executor refused
   * it (a destination or topic not allowed, no authority), {@code fuel N} for a run, else {@code
   * executed} or, for another error, {@code failed}: what happened, from the receipt's out and meta.
   */
  public static String how(Receipt receipt) {
    Ipld memo = receipt.meta().get("memo");
    if (memo != null) {
      return "memo hit" + (memo instanceof Ipld.Link l ? " (receipt " + l.cid() + ")" : "");
    }
    Ipld replay = receipt.meta().get("replay");
    if (replay(receipt)) {
      return "replay: recorded outcome, not run again"
          + (replay instanceof Ipld.Link l ? " (receipt " + l.cid() + ")" : "");
    }
    if (receipt.out() instanceof Outcome.Error e && denied(e.name())) {
      return "denied: " + e.message();
    }
    if (receipt.meta().get("fuel") instanceof Ipld.Int fuel) {
      return "fuel " + fuel;
    }
    return receipt.out() instanceof Outcome.Error ? "failed" : "executed";
  }

  /** The error names of a refusal: nothing ran (the destination, topic or authority was not allowed). */
  static boolean denied(String errorName) {
    if (errorName.equals(EffectError.DESTINATION_DENIED.errorName()) || errorName.equals("Unauthorized")) {
      return true;
    }
    for (Failure f : Failure.values()) {
      if (f.errorName().equals(errorName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ok <value>} or {@code error <name>: <message>}, with {@code (memo)} for a memo hit and
   * {@code (replay)} for an effect's recorded outcome.
   */
  public static String outcome(Receipt receipt) {
    String text;
    if (receipt.out() instanceof Outcome.Ok ok) {
      text = "ok " + cut(DagJson.encodeToString(ok.value()));
    } else {
      Outcome.Error e = (Outcome.Error) receipt.out();
      text = "error " + e.name() + ": " + e.message();
    }
    if (receipt.meta().containsKey("memo")) {
      return text + " (memo)";
    }
    return replay(receipt) ? text + " (replay)" : text;
  }

  /** Whether the receipt is an effect's recorded outcome, given again ({@code meta.replay}). */
  public static boolean replay(Receipt receipt) {
    Ipld replay = receipt.meta().get("replay");
    return replay != null && !Ipld.FALSE.equals(replay);
  }

  public static String task(Receipt receipt, String header) {
    Cid task = receipt.taskId();
    return task != null ? task.toString() : header != null ? header : "-";
  }

  private static String cut(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s
        : s.substring(0, MAX_VALUE_CHARS) + "... (" + s.length() + " chars)";
  }
}
