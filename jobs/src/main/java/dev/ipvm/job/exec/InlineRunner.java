package dev.ipvm.job.exec;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.ExportNames;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.LoadedModule;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.WasmError;
import dev.ipvm.wasm.WasmRuntime;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs small pure tasks at once, in the task function that received them, instead of sending
 * them to the executor and taking their result back over the feedback topic: that round trip
 * through Kafka, not the Wasm, is most of what an execution of a small function costs.
 *
 * <p>A run is tried here only when it cannot wait on anything: its module is already compiled
 * in this TaskManager's runtime (the executor compiled it for an earlier task) and no argument
 * is a link the run would read. It gets at most {@code exec.inline.fuel}, so a task function is
 * held for a bounded, small amount of work, about what a memo hit costs; fuel is counted
 * deterministically, so a run that needs more than that always needs more, and goes to the
 * executor with its own limits. Outcomes that a second run might not repeat (a timeout, a stack
 * overflow) go to the executor too. Everything else is the very result the executor would give.
 */
public final class InlineRunner implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Longest an inline run may hold its task function; fuel bounds it far sooner in practice. */
  private static final Duration MAX_TIME = Duration.ofMillis(250);

  private final JobConfig config;
  private transient WasmRuntime runtime;
  private transient JobMetrics.Executor metrics;

  public InlineRunner(JobConfig config) {
    this.config = config;
  }

  /** Takes the process's shared runtime; {@code group} is the task function's metric group. */
  public void open(MetricGroup group) {
    if (config.inlineFuel() > 0) {
      runtime = SharedRuntime.acquire(config);
      metrics = new JobMetrics.Executor(group);
    }
  }

  /** The result of {@code inv}, run here and now; null when it must go to the executor. */
  public Result tryRun(Invoke inv) {
    if (runtime == null || inv.cmd() != Command.WASM_RUN) {
      return null;
    }
    WasmRun run;
    try {
      run = inv.run();
    } catch (IllegalArgumentException e) {
      return null; // the executor names the problem
    }
    Cid cid = moduleCid(run);
    LoadedModule module = cid == null ? null : runtime.loaded(cid);
    if (module == null || run.params().stream().anyMatch(p -> p instanceof Ipld.Link)) {
      return null; // the module is not compiled here yet, or an input by CID may have to be waited for
    }
    Limits asked = inv.limits().cappedBy(config.maxima());
    Limits here = asked.withFuel(Math.min(asked.fuel(), config.inlineFuel()))
        .withTime(asked.time().compareTo(MAX_TIME) < 0 ? asked.time() : MAX_TIME);
    long start = System.nanoTime();
    Outcome o = runtime.run(module, ExportNames.resolve(module, run.fun()), run.params(), here, Abi.Choice.AUTO,
        RunContext.labelled(inv.taskId().toString()));
    if (o instanceof Outcome.Failed f && !settled(f, here, asked)) {
      return null;
    }
    long micros = (System.nanoTime() - start) / 1000;
    metrics.fuelUsed.inc(o.fuelUsed());
    metrics.executionTimeMs.update(micros / 1000);
    return WasmRunner.result(inv, o, micros);
  }

  /** Whether a failure here is the one the executor would report under the task's own limits. */
  private static boolean settled(Outcome.Failed f, Limits here, Limits asked) {
    if (!f.deterministic()) {
      return false;
    }
    return f.error() != WasmError.OUT_OF_FUEL || here.fuel() >= asked.fuel();
  }

  /** The CID the runtime caches the module under (a UnixFS root is not: its raw CID is unknown here). */
  private static Cid moduleCid(WasmRun run) {
    if (run.module() instanceof WasmRun.ModuleRef.Linked l) {
      return l.cid().codec() == Multicodec.RAW ? l.cid() : null;
    }
    return ((WasmRun.ModuleRef.Inline) run.module()).cid();
  }

  public void close() {
    if (runtime != null) {
      SharedRuntime.release(runtime);
      runtime = null;
    }
  }
}
