package dev.ipvm.job.event;

import dev.ipvm.receipt.ErrorName;

/**
 * Why the job, rather than the function, answered a task with an error, by a stable name users
 * can match on in receipts (the runtime's own are {@link dev.ipvm.wasm.WasmError}, an effect's
 * {@link dev.ipvm.effects.EffectError}, an authority failure's
 * {@link dev.ipvm.ucan.authority.Failure}). {@link #deterministic()} says whether the same task
 * always meets the same error, which is what lets a result be memoized.
 */
public enum JobError implements ErrorName {
  /** The args do not fit the command. */
  INVALID_ARGS("InvalidArgs", true),
  /** An invocation's args nest deeper than {@code max.args.depth}. */
  ARGS_TOO_DEEP("ArgsTooDeep", true),
  /** The command is not one this executor runs. */
  UNKNOWN_COMMAND("UnknownCommand", true),
  /** The envelope is a UCAN, but not an invocation. */
  UNKNOWN_TYPE("UnknownType", true),
  /** The invocation is valid, but about a subject this executor does not serve. */
  UNAUTHORIZED("Unauthorized", false),
  /** The module did not appear within {@code module.wait}; it may later. */
  MODULE_NOT_FOUND("ModuleNotFound", false),
  /** A block an input link names (passed by CID as {@code list<u8>} or string) did not appear within {@code module.wait}. */
  INPUT_NOT_FOUND("InputNotFound", false),
  /** An input link stands for more than {@code input.max.bytes} (a setting, so not memoized). */
  INPUT_TOO_LARGE("InputTooLarge", false),
  /** An input link names a dag-pb node that is no UnixFS file, or one whose sizes disagree. */
  INPUT_NOT_A_FILE("InputNotAFile", true),
  /** An input link passed as a string names bytes that are not UTF-8. */
  INPUT_NOT_UTF8("InputNotUtf8", true),
  /** A function asked for an effect in a form the executor cannot issue. */
  INVALID_EFFECT("InvalidEffect", true),
  /** The executor's own time cap ended a run that did not stop by itself. */
  TIMEOUT("Timeout", false),
  /** The issuer's queue, or the executor's, is full: send it again later. */
  OVERLOADED("Overloaded", false),
  /** The executor failed, not the function. */
  EXECUTOR_ERROR("ExecutorError", false),
  /** An awaited task ended the other way ({@code await/ok} of an error, or the reverse). */
  AWAIT_MISMATCH("AwaitMismatch", true),
  /** An awaited task had no result within {@code await.timeout}. */
  AWAIT_TIMEOUT("AwaitTimeout", false),
  /** The result's receipt is larger than the receipts topic takes. */
  RECEIPT_TOO_LARGE("ReceiptTooLarge", false),
  /** An effect a function asked for could not be issued (its invocation does not fit its topic). */
  FX_NOT_ISSUED("FxNotIssued", false);

  private final String errorName;
  private final boolean deterministic;

  JobError(String errorName, boolean deterministic) {
    this.errorName = errorName;
    this.deterministic = deterministic;
  }

  @Override
  public String errorName() {
    return errorName;
  }

  /** Whether the same task always meets this error. */
  public boolean deterministic() {
    return deterministic;
  }
}
