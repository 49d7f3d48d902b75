package dev.ipvm.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.component.AbiException;
import dev.ipvm.wasm.host.GuestLog;
import dev.ipvm.wasm.host.HomestarHost;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Wasm functions within limits. Thread-safe: one runtime per process serves every task.
 *
 * <p>Each run gets a fresh instance of the cached module on a worker thread with a large
 * fixed stack; the caller waits at most the time limit, then interrupts the worker (Chicory
 * checks for interruption in both engines). Every way a run can end becomes an
 * {@link Outcome}; nothing a module does escapes as an exception.
 */
public final class WasmRuntime implements AutoCloseable {
  /** How long a worker may take to notice its interruption before the run is abandoned. */
  private static final long GRACE_MS = 2_000;

  private final RuntimeConfig config;
  private final ModuleLoader loader;
  private final ModuleCache cache;
  private final ExecutorService workers;

  public WasmRuntime(RuntimeConfig config) {
    this.config = config;
    this.loader = new ModuleLoader(config);
    this.cache = new ModuleCache(config.cacheMaxModules(), config.cacheMaxBytes());
    this.workers = Executors.newCachedThreadPool(new LargeStackThreads(config.threadStackBytes()));
  }

  public RuntimeConfig config() {
    return config;
  }

  /**
   * Loads (or finds in the cache) the module with this CID. The bytes are verified against the
   * CID on a cache miss.
   */
  public LoadedModule load(Cid cid, byte[] wasm) {
    return cache.get(cid, () -> {
      if (!cid.verifies(wasm)) {
        throw new RunException(WasmError.INVALID_MODULE, "the module bytes do not hash to " + cid);
      }
      return loader.load(cid, wasm);
    });
  }

  /**
   * The module with this CID if this runtime has already loaded it, else null: for callers that
   * must not wait for a module to be read, verified and compiled.
   */
  public LoadedModule loaded(Cid cid) {
    return cache.getIfPresent(cid);
  }

  /** Loads (or finds in the cache) the module in {@code wasm}, addressed by its raw CID. */
  public LoadedModule load(byte[] wasm) {
    Cid cid = Cid.of(dev.ipvm.cid.Multicodec.RAW, wasm);
    return cache.get(cid, () -> loader.load(cid, wasm)); // the CID was just computed from these bytes
  }

  /** Runs {@code fun} of the module in {@code wasm} (addressed by its raw CID). */
  public Outcome run(byte[] wasm, String fun, List<Ipld> params, Limits limits) {
    return run(wasm, fun, params, limits, Abi.Choice.AUTO);
  }

  public Outcome run(byte[] wasm, String fun, List<Ipld> params, Limits limits, Abi.Choice abi) {
    LoadedModule module;
    try {
      module = load(wasm);
    } catch (RunException e) {
      return new Outcome.Failed(e.error(), e.getMessage(), 0);
    }
    return run(module, fun, params, limits, abi);
  }

  /**
   * Runs {@code fun} of the module with this CID, loading it from {@code wasm} on a cache miss
   * (the bytes are then verified against the CID). A module that fails to load is an outcome too.
   */
  public Outcome run(Cid cid, byte[] wasm, String fun, List<Ipld> params, Limits limits, Abi.Choice abi) {
    return run(cid, wasm, fun, params, limits, abi, RunContext.DEFAULT);
  }

  /** As {@link #run(Cid, byte[], String, List, Limits, Abi.Choice)}, the module's log lines going to {@code context}. */
  public Outcome run(Cid cid, byte[] wasm, String fun, List<Ipld> params, Limits limits, Abi.Choice abi,
      RunContext context) {
    LoadedModule module;
    try {
      module = load(cid, wasm);
    } catch (RunException e) {
      return new Outcome.Failed(e.error(), e.getMessage(), 0);
    }
    return run(module, fun, params, limits, abi, context);
  }

  /** Runs {@code fun} of a loaded module with {@code limits}, each capped by the configured maxima. */
  public Outcome run(LoadedModule module, String fun, List<Ipld> params, Limits limits, Abi.Choice abi) {
    return run(module, fun, params, limits, abi, RunContext.DEFAULT);
  }

  /** As {@link #run(LoadedModule, String, List, Limits, Abi.Choice)}, the module's log lines going to {@code context}. */
  public Outcome run(LoadedModule module, String fun, List<Ipld> params, Limits limits, Abi.Choice abi,
      RunContext context) {
    Limits capped = limits.cappedBy(config.maxima());
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    Future<?> worker = workers.submit(() -> result.complete(execute(module, fun, params, capped, abi, context)));
    try {
      return result.get(capped.time().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.cancel(true);
      try {
        // the worker turns its interruption into a Timeout outcome with the fuel it had used
        return result.get(GRACE_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException stuck) {
        return timeout(capped, 0);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
        return timeout(capped, 0);
      }
    } catch (ExecutionException e) {
      return new Outcome.Failed(WasmError.TRAP, "the runtime failed: " + e.getCause(), 0);
    } catch (InterruptedException e) {
      worker.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome.Failed(WasmError.TIMEOUT, "the run was interrupted", 0);
    }
  }

  private Outcome execute(LoadedModule module, String fun, List<Ipld> params, Limits limits, Abi.Choice abi,
      RunContext context) {
    CappedMemory[] memory = new CappedMemory[1];
    GlobalInstance fuel = null;
    GlobalInstance[] fuelForHost = new GlobalInstance[1];
    GuestLog log = new GuestLog(context.log());
    try (WasiPreview1 wasi = module.wasi() ? deterministicWasi() : null) {
      Instance.Builder builder = Instance.builder(module.module())
          .withStart(false) // no WASI "_start": a task calls one function
          .withMemoryFactory(declared -> memory[0] = CappedMemory.create(declared, limits.memoryPages()));
      if (wasi != null || module.homestarHost()) {
        ImportValues.Builder imports = ImportValues.builder();
        if (wasi != null) {
          imports.addFunction(wasi.toHostFunctions());
        }
        if (module.homestarHost()) {
          imports.addFunction(HomestarHost.functions(log, () -> fuelForHost[0] == null ? 0 : used(fuelForHost[0], limits))
              .toArray(new com.dylibso.chicory.runtime.HostFunction[0]));
        }
        builder.withImportValues(imports.build());
      }
      if (module.machines() != null) {
        builder.withMachineFactory(module.machines());
      }
      Instance instance = builder.build();
      fuel = instance.exports().global(module.fuelGlobal());
      fuel.setValue(limits.fuel());
      fuelForHost[0] = fuel;
      // The fuel meter turned the start section into this export, so that the budget above is
      // in place before any of the module's code runs.
      if (module.startExport() != null) {
        instance.export(module.startExport()).apply();
      }
      Ipld value = Abi.call(instance, module.world(), fun, params, abi, limits);
      return new Outcome.Ok(value, used(fuel, limits));
    } catch (RunException e) {
      return new Outcome.Failed(e.error(), e.getMessage(), used(fuel, limits));
    } catch (AbiException e) {
      return new Outcome.Failed(Abi.error(e.error()), e.getMessage(), used(fuel, limits));
    } catch (CappedMemory.MemoryCapExceeded e) {
      return new Outcome.Failed(WasmError.MEMORY_LIMIT, e.getMessage(), 0);
    } catch (ChicoryInterruptedException e) {
      return timeout(limits, used(fuel, limits));
    } catch (StackOverflowError e) {
      return stackOverflow(fuel, limits);
    } catch (WasiExitException e) {
      return new Outcome.Failed(WasmError.TRAP, "the module exited with code " + e.exitCode(), used(fuel, limits));
    } catch (ChicoryException | ArithmeticException | IndexOutOfBoundsException e) {
      if (causedBy(e, StackOverflowError.class)) {
        return stackOverflow(fuel, limits);
      }
      AbiException fault = cause(e, AbiException.class);
      if (fault != null) { // raised by a host function, wrapped by the engine
        return new Outcome.Failed(Abi.error(fault.error()), fault.getMessage(), used(fuel, limits));
      }
      if (fuel != null && fuel.getValue() < 0) {
        return new Outcome.Failed(WasmError.OUT_OF_FUEL,
            "the run used all of its " + limits.fuel() + " fuel", limits.fuel());
      }
      if (memory[0] != null && memory[0].refusedByCap()) {
        return new Outcome.Failed(WasmError.MEMORY_LIMIT, "memory.grow past the cap of "
            + memory[0].capPages() * Limits.PAGE + " bytes was refused, then the module trapped: "
            + e.getMessage(), used(fuel, limits));
      }
      if (Thread.currentThread().isInterrupted()) {
        return timeout(limits, used(fuel, limits));
      }
      return new Outcome.Failed(WasmError.TRAP, String.valueOf(e.getMessage()), used(fuel, limits));
    } catch (RuntimeException e) {
      // a host function's AbiException wrapped in something else: still a named outcome
      AbiException fault = cause(e, AbiException.class);
      if (fault != null) {
        return new Outcome.Failed(Abi.error(fault.error()), fault.getMessage(), used(fuel, limits));
      }
      throw e;
    } finally {
      log.close();
    }
  }

  private static Outcome stackOverflow(GlobalInstance fuel, Limits limits) {
    return new Outcome.Failed(WasmError.STACK_OVERFLOW, "the call stack overflowed", used(fuel, limits));
  }

  private static Outcome timeout(Limits limits, long fuelUsed) {
    return new Outcome.Failed(WasmError.TIMEOUT, "the run passed its time limit of "
        + limits.time().toMillis() + " ms", fuelUsed);
  }

  /** Fuel used so far, as the module last reported it through the fuel global. */
  private static long used(GlobalInstance fuel, Limits limits) {
    if (fuel == null) {
      return 0;
    }
    long remaining = fuel.getValue();
    return remaining < 0 ? limits.fuel() : limits.fuel() - remaining;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    return cause(t, type) != null;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** WASI with nothing to observe: the clock stands at the epoch, random is seeded, no files. */
  private static WasiPreview1 deterministicWasi() {
    WasiOptions options = WasiOptions.builder()
        .withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .withRandom(new Random(0))
        .withStdout(OutputStream.nullOutputStream())
        .withStderr(OutputStream.nullOutputStream())
        .build();
    return WasiPreview1.builder().withOptions(options).build();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** Daemon threads with a large fixed stack, so deep recursion is bounded by the stack size, not luck. */
  private static final class LargeStackThreads implements ThreadFactory {
    private final long stackBytes;
    private final AtomicInteger count = new AtomicInteger();

    LargeStackThreads(long stackBytes) {
      this.stackBytes = stackBytes;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(null, r, "ipvm-wasm-" + count.incrementAndGet(), stackBytes);
      t.setDaemon(true);
      return t;
    }
  }
}
