package dev.ipvm.job.exec;

import dev.ipvm.job.config.JobConfig;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;

/**
 * One Wasm runtime per process (TaskManager), shared by every executor instance so each module
 * is compiled once per process, whatever the parallelism.
 */
final class SharedRuntime {
  private static WasmRuntime runtime;
  private static int users;

  private SharedRuntime() {}

  static synchronized WasmRuntime acquire(JobConfig config) {
    if (runtime == null) {
      runtime = new WasmRuntime(RuntimeConfig.builder()
          .defaults(config.defaults())
          .maxima(config.maxima())
          .build());
    }
    users++;
    return runtime;
  }

  static synchronized void release(WasmRuntime r) {
    if (r == runtime && --users == 0) {
      runtime.close();
      runtime = null;
    }
  }
}
