package dev.ipvm.job.exec;

import dev.ipvm.job.event.JobError;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.blocks.BlockFiles;
import dev.ipvm.job.blocks.BlockStore;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.FxRequest;
import dev.ipvm.task.WasmRun;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.ExportNames;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.WasmRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs dispatched {@code /wasm/run} tasks on a pool of {@code exec.concurrency} threads. Runs are
 * pure, so one that was in flight at a failure simply runs again after recovery. The Wasm
 * runtime (compiled modules by CID) and the block store are shared by the process.
 */
public final class WasmRunner implements Runner {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WasmRunner.class);
  /** Largest module a UnixFS file may reassemble to (the runtime's own limit on module size). */
  private static final int MAX_MODULE_BYTES = dev.ipvm.wasm.RuntimeConfig.DEFAULT.maxModuleBytes();

  private final JobConfig config;
  private transient WasmRuntime runtime;
  private transient BlockStore blocks;
  private transient ExecutorService pool;
  private transient JobMetrics.Executor metrics;

  public WasmRunner(JobConfig config) {
    this.config = config;
  }

  @Override
  public boolean cpuBound() {
    return true;
  }

  @Override
  public int slots() {
    return config.execConcurrency();
  }

  @Override
  public long longestRunMillis(Invoke inv) {
    return inv.limits().time().toMillis() + config.moduleWait().toMillis();
  }

  @Override
  public void open(MetricGroup group) {
    runtime = SharedRuntime.acquire(config);
    blocks = BlockStore.acquire(config.bootstrap(), config.topics().blocks(), config.blocksDir(), config.moduleWait());
    pool = Executors.newFixedThreadPool(config.execConcurrency(), r -> {
      Thread t = new Thread(r, "ipvm-exec");
      t.setDaemon(true);
      return t;
    });
    metrics = new JobMetrics.Executor(group);
  }

  @Override
  public CompletableFuture<Result> run(Invoke inv) {
    // the module and the inputs passed by CID together wait at most module.wait
    long deadline = System.nanoTime() + config.moduleWait().toNanos();
    WasmRun run;
    try {
      run = inv.run();
    } catch (IllegalArgumentException e) { // the intake checked this; a corrupt record would land here
      return CompletableFuture.completedFuture(failed(inv, JobError.INVALID_ARGS, e.getMessage()));
    }
    if (run.module() instanceof WasmRun.ModuleRef.Linked l && l.cid().codec() == Multicodec.DAG_PB) {
      // A UnixFS file as `ipfs add` makes it: reassembled from its blocks, each checked against its CID;
      // from then on the module is addressed by the raw CID of its bytes (the runtime's cache key).
      Cid root = l.cid();
      return CompletableFuture.supplyAsync(() -> BlockFiles.read(blocks, root, deadline, MAX_MODULE_BYTES), pool)
          .handleAsync((wasm, error) -> guarded(inv, () -> error != null
              ? failed(inv, JobError.MODULE_NOT_FOUND, "module " + root + ": " + rootCause(error).getMessage())
              : execute(inv, run, Cid.of(Multicodec.RAW, wasm), wasm, deadline)), pool);
    }
    CompletableFuture<byte[]> bytes;
    Cid cid;
    if (run.module() instanceof WasmRun.ModuleRef.Linked l) {
      cid = l.cid();
      bytes = blocks.get(cid).orTimeout(config.moduleWait().toMillis(), TimeUnit.MILLISECONDS);
    } else {
      WasmRun.ModuleRef.Inline inline = (WasmRun.ModuleRef.Inline) run.module();
      cid = inline.cid();
      bytes = CompletableFuture.completedFuture(inline.bytes());
    }
    return bytes.handleAsync((wasm, error) -> guarded(inv, () -> outcome(inv, run, cid, wasm, error, deadline)), pool);
  }

  /** A bug here becomes an ExecutorError result instead of a run that never answers. */
  private static Result guarded(Invoke inv, java.util.function.Supplier<Result> body) {
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      LOG.error("running {} failed", inv.taskId(), e);
      return failed(inv, JobError.EXECUTOR_ERROR, "the executor failed: " + e);
    }
  }

  private static Throwable rootCause(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private Result outcome(Invoke inv, WasmRun run, Cid cid, byte[] wasm, Throwable error, long deadline) {
    if (error == null) {
      return execute(inv, run, cid, wasm, deadline);
    }
    return error instanceof TimeoutException || error.getCause() instanceof TimeoutException
        ? failed(inv, JobError.MODULE_NOT_FOUND, "module " + cid + " did not appear on " + config.topics().blocks()
            + " within " + config.moduleWait().toMillis() + " ms (publish it with: ipvm put FILE)")
        : failed(inv, JobError.MODULE_NOT_FOUND, "reading module " + cid + " failed: " + error);
  }

  private Result execute(Invoke inv, WasmRun run, Cid cid, byte[] wasm, long deadline) {
    // as Homestar does: its workflows name wit-bindgen exports in snake_case (add_one for add-one)
    String fun = ExportNames.resolve(runtime, cid, wasm, run.fun());
    java.util.List<Ipld> params;
    try {
      params = LinkedInputs.resolve(runtime, cid, wasm, fun, run.params(), blocks, deadline, config.maxInputBytes());
    } catch (LinkedInputs.InputException e) {
      return failed(inv, e.error(), e.getMessage());
    }
    long start = System.nanoTime();
    // the module's log lines (wasi:logging) go to the job's log under the Task ID
    dev.ipvm.wasm.Outcome o = runtime.run(cid, wasm, fun, params, inv.limits(), Abi.Choice.AUTO,
        RunContext.labelled(inv.taskId().toString()));
    long micros = (System.nanoTime() - start) / 1000;
    metrics.fuelUsed.inc(o.fuelUsed());
    metrics.executionTimeMs.update(micros / 1000);
    return result(inv, o, micros);
  }

  /** The task's result from the runtime's outcome of its run, which took {@code micros}. */
  static Result result(Invoke inv, dev.ipvm.wasm.Outcome o, long micros) {
    if (o instanceof dev.ipvm.wasm.Outcome.Ok ok) {
      Ipld value = ok.value() == null ? Ipld.NULL : ok.value();
      FxRequest fx;
      try {
        fx = FxRequest.parse(value);
      } catch (IllegalArgumentException e) { // deterministic: the same function gives the same request
        return new Result(inv.taskId(), JobError.INVALID_EFFECT.outcome("the function's effect request is malformed: "
            + e.getMessage()), o.fuelUsed(), inv.limits(), JobError.INVALID_EFFECT.deterministic(), false, micros);
      }
      return Result.ok(inv.taskId(), fx == null ? value : fx.out(), o.fuelUsed(), inv.limits(), micros, fx);
    }
    dev.ipvm.wasm.Outcome.Failed f = (dev.ipvm.wasm.Outcome.Failed) o;
    return new Result(inv.taskId(), Outcome.Error.of(f.error().errorName(), f.message()), o.fuelUsed(), inv.limits(),
        f.deterministic(), f.error().dependsOnLimits(), micros);
  }

  private static Result failed(Invoke inv, JobError error, String message) {
    return Result.failed(inv.taskId(), error, message, inv.limits());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (blocks != null) {
      blocks.close();
    }
    if (runtime != null) {
      SharedRuntime.release(runtime);
    }
  }

}
