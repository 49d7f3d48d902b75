package dev.ipvm.wasm;

import dev.ipvm.wasm.host.GuestLog;
import java.util.Objects;

/**
 * What a run may tell the world besides its result: where the module's log lines go. Nothing
 * in it reaches the module, so it never changes a result.
 *
 * @param log the sink of the module's wasi:logging lines (bounded per run by {@link GuestLog})
 */
public record RunContext(GuestLog.Sink log) {
  /** Lines go to the job's log under {@link GuestLog#LOGGER}, unlabelled. */
  public static final RunContext DEFAULT = labelled("-");

  public RunContext {
    Objects.requireNonNull(log, "log");
  }

  /** Lines go to the job's log, each prefixed with {@code label} (a Task ID, say). */
  public static RunContext labelled(String label) {
    return new RunContext(GuestLog.slf4j(label));
  }
}
