package dev.ipvm.job;

import dev.ipvm.job.config.Fairness;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Gauge;

/**
 * How the hostile-load suite ({@code Hostile*Check}, run by {@code -Phostile}) runs the job and
 * its healthy issuer, in one place, so that the report states exactly what was run.
 */
final class Hostile {
  static final String COMMAND = "mvn -B -ntp -Phostile -pl jobs -am verify";

  /** The job's defaults, except the queue: see {@link #TENANT_QUEUE}. */
  static final Duration CHECKPOINT = Duration.ofSeconds(1);
  static final int PARALLELISM = 2;
  static final int EXEC_CONCURRENCY = 2;
  static final double TENANT_SHARE = 0.5;
  /**
   * Runs one issuer may hold per executor instance (default 10000). With 1000 loops of
   * {@link #LOOP_MS} each and one slot per instance for the flooder, the default would keep the
   * executors busy for 17 minutes; 20 keeps a flood within the suite's time and sends the rest
   * down the {@code Overloaded} path, which is the one under test.
   */
  static final int TENANT_QUEUE = 20;
  /** Time limit of every infinite loop the attackers send: each ends in Timeout. */
  static final long LOOP_MS = 2000;

  static final double HEALTHY_PER_SECOND = 5;
  /** Sent before the quiet window and left out of every figure: module load, JIT, first checkpoints. */
  static final Duration WARM_UP = Duration.ofSeconds(10);
  static final Duration QUIET = Duration.ofSeconds(20);

  private Hostile() {}

  static JobConfig.Builder tune(JobConfig.Builder b) {
    return b.checkpointInterval(CHECKPOINT).parallelism(PARALLELISM).execConcurrency(EXEC_CONCURRENCY)
        .fairness(new Fairness(TENANT_SHARE, TENANT_QUEUE, 64L << 20));
  }

  static String method() {
    return "Each scenario starts its own Flink MiniCluster (1 TaskManager, 4 slots, state backend hashmap) "
        + "running the job at parallelism " + PARALLELISM + ", checkpoint interval " + CHECKPOINT.toMillis()
        + " ms, exec.concurrency " + EXEC_CONCURRENCY + ", exec.tenant.share " + TENANT_SHARE
        + ", exec.tenant.queue " + TENANT_QUEUE + " in scenarios 1-2 (default 10000: lowered to keep the suite "
        + "short) and 1000 in 3, other "
        + "settings at their defaults; topics on a real KRaft broker (LocalBroker, a child JVM): the shared test "
        + "broker for scenarios 1-2, a broker of the scenario's own for 3, so it can be restarted. A healthy "
        + "issuer (its own key) sends add(i, 7) of math.wasm, a new task each, " + (int) HEALTHY_PER_SECOND
        + "/s throughout; its first " + WARM_UP.toSeconds() + " s are a warm-up left out of every figure; then "
        + QUIET.toSeconds() + " s alone give the quiet figures, then the attack or fault. Latency = from the "
        + "producer send to a read_committed consumer (its own thread, same JVM) seeing the receipt; p50/p99 "
        + "by nearest rank. Lost = invocations with no receipt (or DLQ record, for records that are no "
        + "envelope), duplicated = records past the first, both counted by a read_committed reader from the "
        + "topic's start, after waiting for every answer and 3 s more. Restarted = Flink's numRestarts of the "
        + "job. Infinite loops are `(loop (br 0))` with fuel 1e11 and a " + LOOP_MS + " ms time limit, each with "
        + "a fresh nonce. The p99 criterion (scenario 1): p99 during <= 2 x quiet p99 + one checkpoint interval.";
  }

  /** An infinite loop with a fresh nonce (so nothing is shared), cut off by its time limit. */
  static Signed<Invocation> loop(Signer who) {
    return Signed.sign(who, Invocation.builder().iss(who.did().toString()).sub(who.did().toString())
        .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Inline(BadInputIT.SPIN), "spin", List.of())
            .toArgs())
        .meta(Ipld.Map.builder().put("fuel", 100_000_000_000L).put("time", LOOP_MS).build())
        .nonce(EffectsIT.nonce()).iat(System.nanoTime()).build());
  }

  /** How often the running job restarted: Flink's numRestarts gauge, else whether it restarted at all. */
  static long restarts(JobHarness h) throws Exception {
    long n = -1;
    for (var e : CollectingReporter.METRICS.entrySet()) {
      if (e.getKey().endsWith(".numRestarts") && e.getValue() instanceof Gauge<?> g
          && g.getValue() instanceof Number v) {
        n = Math.max(n, v.longValue());
      }
    }
    if (n < 0) {
      System.out.println("HOSTILE warning: no numRestarts gauge reported; restarts read from the job's status");
      return h.restarted() ? 1 : 0;
    }
    return n;
  }

  static String restartedCell(long restarts) {
    return restarts == 0 ? "no" : "yes (" + restarts + ")";
  }

  /** "3 Timeout, 40 Overloaded": how many of each name. */
  static String counts(List<String> names) {
    Map<String, Integer> n = new TreeMap<>();
    names.forEach(x -> n.merge(x, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    n.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  /** PASS, or FAIL with every reason. */
  static String verdict(List<String> failures) {
    return failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures);
  }

  static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }
}
