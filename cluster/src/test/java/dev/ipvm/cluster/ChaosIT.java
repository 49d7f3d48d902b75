package dev.ipvm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.receipt.Receipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos and scale runs (not in the default tests: {@code mvn -Pchaos verify -pl cluster -am},
 * about eight minutes): a multi-process cluster under a steady stream of signed invocations, checked
 * by a read_committed consumer, through a TaskManager's kill -9, a broker restart, rescales 2 → 1
 * → 2, and a JobManager's kill -9. Each fault's recovery time and the memo's survival are written
 * to {@code chaos-report.md} in the build folder; lost and repeated receipts must be none.
 */
class ChaosIT {
  static final int RATE = 20;
  static final Duration RECOVERY_LIMIT = Duration.ofSeconds(180);

  @TempDir
  Path dir;
  final Map<String, String> report = new LinkedHashMap<>();
  final List<String> memo = new ArrayList<>();
  /** How the JobManager's recovery time divides between up and submit. */
  String steps = "";
  /** When the last stop-with-savepoint completed (its "savepoint PATH" progress line). */
  volatile long stoppedNanos;

  @Test
  void faultsLoseAndRepeatNothing() throws Exception {
    ClusterHome home = new ClusterHome(dir.resolve("cluster"));
    ClusterSettings s = ClusterSettings.onFreePorts(3, 2);
    LocalCluster cluster = new LocalCluster(home, s, line -> {
      if (line.startsWith("savepoint ")) {
        stoppedNanos = System.nanoTime();
      }
      System.err.println("chaos: " + line);
    });
    Path jar = ClusterIT.ROOT.resolve("jobs").resolve(ClusterIT.buildDir()).resolve("ipvm-job.jar");
    try (Traffic traffic = new Traffic(s.bootstrap(), ClusterIT.MATH)) {
      cluster.up();
      cluster.submit(jar, Map.of("checkpoint.interval", "1s"), null, 2, null, true);
      SteadyStream stream = new SteadyStream(traffic, RATE, 1_000_000).start();
      Thread.sleep(15_000);

      long fault = System.nanoTime();
      Recovery.killBusiestTaskManager(cluster, line -> System.err.println("chaos: " + line));
      record("kill -9 of a TaskManager (a spare one takes its tasks)", stream.awaitFlowing(fault, RECOVERY_LIMIT), fault,
          stream);
      cluster.up(); // the operator starts it again: the spare again
      Thread.sleep(10_000);

      fault = System.nanoTime();
      LocalBroker.stopOrphan(home.kafka());
      LocalBroker.builder().dataDir(home.kafka()).port(s.kafkaPort()).detached(true).build().start().leaveRunning();
      record("broker stopped and started again", stream.awaitFlowing(fault, RECOVERY_LIMIT), fault, stream);
      Thread.sleep(10_000);

      for (int p : new int[] {1, 2}) {
        fault = System.nanoTime();
        cluster.rescale(jar, p);
        // receipts committed by the stopping savepoint itself do not count: from the start of the
        // rescale until receipts flow for invocations sent after the old job stopped
        double afterStop = stream.awaitFlowing(stoppedNanos, RECOVERY_LIMIT);
        record("stop with savepoint, rescale to " + p, (stoppedNanos - fault) / 1e9 + afterStop, fault, stream);
        memoAfterRescale(traffic, stream, p);
        Thread.sleep(5_000);
      }

      fault = System.nanoTime();
      FlinkProcess.running(home).get(FlinkProcess.JOB_MANAGER).kill();
      cluster.up(); // the operator starts the JobManager again; the TaskManagers register with it
      long upDone = System.nanoTime();
      cluster.submit(jar, Map.of("checkpoint.interval", "1s"), null, 2, null, false); // resumes the newest checkpoint
      steps = String.format("JobManager kill: up (JobManager started, TaskManagers registered) took %.1f s, "
          + "submit (upload, restore, all tasks running) %.1f s", (upDone - fault) / 1e9, (System.nanoTime() - upDone) / 1e9);
      record("kill -9 of the JobManager, up, submit from the newest checkpoint", stream.awaitFlowing(fault, RECOVERY_LIMIT),
          fault, stream);

      Thread.sleep(10_000);
      stream.stopAndDrain(Duration.ofSeconds(120));
      String summary = String.format("%d invocations sent at %d/s; receipts missing %d, duplicated %d; send failures %d",
          stream.sent.size(), RATE, stream.missing(), stream.duplicated(), stream.sendFailures.size());
      write(summary);
      assertThat(stream.sendFailures).isEmpty();
      assertThat(stream.missing()).as("invocations without a receipt").isZero();
      assertThat(stream.duplicated()).as("invocations with two receipts").isZero();
      assertThat(memo).allMatch(line -> line.contains("100.0 %"));
    } finally {
      cluster.down(true);
    }
  }

  /** Asks again for 50 tasks answered before the rescale: each must be a memo hit. */
  private void memoAfterRescale(Traffic traffic, SteadyStream stream, int parallelism) throws Exception {
    List<Long> answered = stream.tasks.entrySet().stream().filter(e -> traffic.receipts.containsKey(e.getKey()))
        .map(Map.Entry::getValue).limit(50).toList();
    int hits = 0;
    for (long a : answered) {
      Receipt r = traffic.await(traffic.send(traffic.add(a, 1)), Duration.ofSeconds(60));
      hits += Traffic.memoHit(r) ? 1 : 0;
    }
    memo.add(String.format("after rescale to %d: %d of %d tasks answered before were memo hits (%.1f %%)", parallelism,
        hits, answered.size(), 100.0 * hits / answered.size()));
  }

  /**
   * Records a fault: {@code seconds} until receipts flowed again for invocations sent after it,
   * and, 15 s later, the longest pause in receipts since {@code faultNanos}.
   */
  private void record(String fault, double seconds, long faultNanos, SteadyStream stream) throws InterruptedException {
    Thread.sleep(15_000);
    double pause = stream.longestPause(faultNanos);
    report.put(fault, String.format("%.1f | %.1f", seconds, pause));
    System.err.printf("chaos: %s: receipts flow again after %.1f s; longest pause in receipts %.1f s%n", fault, seconds,
        pause);
  }

  private void write(String summary) throws Exception {
    StringBuilder md = new StringBuilder("# Chaos run\n\n")
        .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append("; one JobManager and three TaskManagers (2 slots each) ")
        .append("as separate JVMs, parallelism 2, checkpoints every 1 s, RocksDB incremental.\n\n")
        .append("| fault | seconds until receipts flow for invocations sent after it | longest pause in receipts (s) |\n")
        .append("|---|---|---|\n");
    report.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n").append(summary).append("\n\n").append(steps).append("\n\n");
    memo.forEach(m -> md.append("- ").append(m).append('\n'));
    Path out = ClusterIT.ROOT.resolve("cluster").resolve(ClusterIT.buildDir()).resolve("chaos-report.md");
    Files.writeString(out, md);
    System.err.println(md);
  }
}
