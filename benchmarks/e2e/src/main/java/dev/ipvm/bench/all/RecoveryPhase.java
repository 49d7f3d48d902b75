package dev.ipvm.bench.all;

import dev.ipvm.cluster.Recovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The recovery phase: a TaskManager's kill -9 on a real multi-process cluster ({@link Recovery},
 * the cluster module's), apart from the other phases, which run the job in this JVM. Its own
 * broker, JobManager and TaskManagers, in a temporary folder removed afterwards.
 */
final class RecoveryPhase {
  /** Issue 18's goal: receipts flow again within this many seconds of a TaskManager kill. */
  static final double GOAL_SECONDS = 30;
  /** Kills per run: the figure is their median, with their range. */
  static final int KILLS = Integer.getInteger("bench.recovery.kills", 3);

  /** Whether run-all measures recovery ({@code -Dbench.recovery}, from run-all.sh's {@code RECOVERY}). */
  enum Mode {
    /** with the other phases (the default) */
    ON,
    /** not at all: the section says so */
    OFF,
    /** alone: prints its paragraph, leaves BENCHMARKS.md as it is */
    ONLY;

    static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(s.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException("RECOVERY (bench.recovery) must be on, off or only, got '" + s + "'");
    }
  }

  private RecoveryPhase() {}

  /** The checkpoint interval of the first spec of run-all's intervals ("1000", or "1000-copy"). */
  static Duration firstInterval(String intervals) {
    return Duration.ofMillis(Long.parseLong(intervals.split(",")[0].trim().split("-", 2)[0]));
  }

  static Recovery.Result measure(Duration checkpoint, Path jobJar, byte[] math) throws Exception {
    if (!Files.isRegularFile(jobJar)) {
      throw new IOException("no job jar at " + jobJar + " (benchmarks/run-all.sh builds it; -Dbench.jobJar names another)");
    }
    Recovery.Plan plan = Recovery.Plan.standard(checkpoint, KILLS);
    RunAll.log(String.format(Locale.ROOT, "recovery: %d kills of the busiest of %d TaskManagers (%d slots each), "
        + "parallelism %d, checkpoint %d ms, %d invocations/s", plan.kills(), plan.taskManagers(), plan.slots(),
        plan.parallelism(), checkpoint.toMillis(), plan.rate()));
    Path dir = Files.createTempDirectory("ipvm-recovery");
    try {
      return Recovery.measure(dir.resolve("cluster"), jobJar, math, plan, s -> RunAll.log("recovery: " + s));
    } finally {
      delete(dir);
    }
  }

  /** The cluster's folder (its broker's log, checkpoints, Flink's logs): what is left of it is only logged. */
  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      RunAll.log("recovery: could not remove " + dir + " (" + e + ")");
    }
  }
}
