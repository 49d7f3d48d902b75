package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.FxRequest;
import dev.ipvm.wasm.Limits;

/**
 * The result of one run, travelling from the executor back to its task over the feedback topic.
 *
 * @param out the receipt's {@code out}
 * @param fuel fuel used
 * @param limits the limits it ran under (an OutOfFuel answers only tasks asking for no more)
 * @param memoizable whether the outcome may answer later invocations (false for Timeout,
 *     StackOverflow, ModuleNotFound: they depend on the moment, not on the task)
 * @param limitBound whether the outcome holds only under limits no larger than {@code limits}
 * @param micros how long the run took
 * @param fx the tasks the function asked for ({@link FxRequest}), or null
 */
public record Result(Cid taskId, Outcome out, long fuel, Limits limits, boolean memoizable, boolean limitBound,
    long micros, FxRequest fx) {

  public Result(Cid taskId, Outcome out, long fuel, Limits limits, boolean memoizable, boolean limitBound, long micros) {
    this(taskId, out, fuel, limits, memoizable, limitBound, micros, null);
  }

  /** A value a run returned, with what it cost; {@code fx}: the tasks the function asked for, or null. */
  public static Result ok(Cid taskId, Ipld value, long fuel, Limits limits, long micros, FxRequest fx) {
    return new Result(taskId, new Outcome.Ok(value), fuel, limits, true, false, micros, fx);
  }

  /**
   * The job's answer instead of a run's ({@link JobError}): memoized when the error is
   * deterministic and every input was.
   */
  public static Result failed(Cid taskId, JobError error, String message, Limits limits, boolean inputsMemoizable) {
    return new Result(taskId, error.outcome(message), 0, limits, error.deterministic() && inputsMemoizable, false, 0);
  }

  /** The same as {@link #failed(Cid, JobError, String, Limits, boolean)} for a task without awaits. */
  public static Result failed(Cid taskId, JobError error, String message, Limits limits) {
    return failed(taskId, error, message, limits, true);
  }

  /** An effect's outcome: effects are never memoized (their outcome is journaled by Task ID instead). */
  public static Result effect(Cid taskId, Outcome out, Limits limits, long micros) {
    return new Result(taskId, out, 0, limits, false, false, micros);
  }

  /** A run an executor refused to hold ({@link JobError#OVERLOADED}): never memoized, never journaled. */
  public static Result overloaded(Cid taskId, Limits limits, String why) {
    return failed(taskId, JobError.OVERLOADED, why, limits);
  }

  /** This result with another outcome, not memoized (the job replaced what the run gave). */
  public Result replacedBy(Outcome.Error error) {
    return new Result(taskId, error, fuel, limits, false, false, micros);
  }

  /** Whether the task did not run at all (refused by an executor): a later invocation may run it. */
  public boolean notRun() {
    return JobError.OVERLOADED.is(out);
  }

  public String errorName() {
    return out instanceof Outcome.Error e ? e.name() : null;
  }

  /** Whether this result may answer an invocation asking for {@code asked}. */
  public boolean answers(Limits asked) {
    return !limitBound || asked.within(limits);
  }

  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("task", Ipld.link(taskId))
        .put("out", out.toIpld())
        .put("fuel", fuel)
        .put("limits", Body.limits(limits))
        .put("memo", Ipld.bool(memoizable))
        .put("bound", Ipld.bool(limitBound))
        .put("us", micros)
        .putIfPresent("fx", fx == null ? null : Fx.toIpld(fx))
        .build();
  }

  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  public static Result decode(byte[] bytes) {
    return fromIpld(DagCbor.decode(bytes));
  }

  public static Result fromIpld(Ipld value) {
    Body b = new Body(value, "result");
    return new Result(b.link("task"), Outcome.fromIpld(b.any("out")), b.integer("fuel"), b.limits("limits"),
        b.any("memo").equals(Ipld.TRUE), b.any("bound").equals(Ipld.TRUE), b.integer("us"),
        b.optional("fx") == null ? null : Fx.fromIpld(b.any("fx")));
  }
}
