package dev.ipvm.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * How long the job takes to answer again after a TaskManager dies (issue 18's recovery goal,
 * measured by {@code benchmarks/run-all.sh}): a throwaway local cluster with a spare TaskManager
 * for each kill, a steady stream of signed invocations, then kill -9 of the busiest TaskManager, a
 * few times. Each kill's figure is the seconds from the kill to the first receipt of an invocation
 * sent after it, as a client sees it (read_committed); the run also counts receipts lost or
 * repeated, which must be none.
 */
public final class Recovery {
  /** How long a kill may take to recover before the run gives up. */
  static final Duration LIMIT = Duration.ofSeconds(120);
  static final Duration DRAIN = Duration.ofSeconds(60);

  private Recovery() {}

  /**
   * How the run goes.
   *
   * @param taskManagers TaskManager processes; enough that after the last kill the rest hold the
   *     whole job (a killed one is not started again: waiting for a new JVM to register would
   *     double the run on a loaded machine, and is not what is measured)
   * @param slots slots per TaskManager
   * @param parallelism the job's
   * @param checkpoint the job's checkpoint interval (receipts are committed with each checkpoint)
   * @param rate invocations a second, each a new task
   * @param kills how many TaskManager kills, one after another
   * @param warmUp how long the stream runs, receipts flowing, before the first kill
   * @param settle after receipts flow again, how long before the next kill (or the end)
   */
  public record Plan(int taskManagers, int slots, int parallelism, Duration checkpoint, int rate, int kills,
      Duration warmUp, Duration settle) {
    public Plan {
      if ((taskManagers - kills) * slots < parallelism) {
        throw new IllegalArgumentException(taskManagers + " TaskManagers of " + slots + " slots, " + kills
            + " killed, leave no spare slots for parallelism " + parallelism);
      }
    }

    /** A spare TaskManager for each kill, two slots each, parallelism 2: the last one left takes the whole job. */
    public static Plan standard(Duration checkpoint, int kills) {
      return new Plan(kills + 1, 2, 2, checkpoint, 20, kills, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
  }

  /**
   * One kill.
   *
   * @param taskManager the one killed
   * @param seconds from the kill to the first receipt of an invocation sent after it
   * @param longestPause the longest time without any new receipt from the kill until the next kill
   *     (or the end): the outage a consumer sees, whichever invocations the receipts answer
   */
  public record Kill(String taskManager, double seconds, double longestPause) {}

  /**
   * A run's figures.
   *
   * @param sent invocations sent in all
   * @param missing of them without a receipt at the end
   * @param duplicated of them with more than one receipt
   * @param sendFailures records the broker did not take
   */
  public record Result(Plan plan, List<Kill> kills, long sent, long missing, long duplicated, int sendFailures) {}

  /**
   * Runs {@code plan} on a new cluster in {@code dir} (which it leaves behind, stopped) with the job
   * jar {@code jobJar}; {@code math} is the sample module's bytes, {@code progress} hears each step.
   */
  public static Result measure(Path dir, Path jobJar, byte[] math, Plan plan, Consumer<String> progress)
      throws IOException, InterruptedException, TimeoutException {
    ClusterSettings s = ClusterSettings.onFreePorts(plan.taskManagers(), plan.slots());
    LocalCluster cluster = new LocalCluster(new ClusterHome(dir), s, progress);
    try (Traffic traffic = new Traffic(s.bootstrap(), math)) {
      cluster.up();
      cluster.submit(jobJar, Map.of("checkpoint.interval", plan.checkpoint().toMillis() + "ms"), null,
          plan.parallelism(), null, true);
      long started = System.nanoTime();
      try (SteadyStream stream = new SteadyStream(traffic, plan.rate(), 1).start()) {
        progress.accept(String.format("receipts flow %.1f s after the stream started",
            stream.awaitFlowing(started, LIMIT)));
        Thread.sleep(plan.warmUp().toMillis());
        List<Kill> kills = new ArrayList<>();
        for (int i = 0; i < plan.kills(); i++) {
          long fault = System.nanoTime();
          String killed = killBusiestTaskManager(cluster, progress);
          double seconds = stream.awaitFlowing(fault, LIMIT);
          progress.accept(String.format("receipts flow again %.1f s after the kill", seconds));
          Thread.sleep(plan.settle().toMillis());
          kills.add(new Kill(killed, seconds, stream.longestPause(fault)));
        }
        stream.stopAndDrain(DRAIN);
        return new Result(plan, List.copyOf(kills), stream.sent.size(), stream.missing(), stream.duplicated(),
            stream.sendFailures.size());
      }
    } finally {
      cluster.down(true);
    }
  }

  /**
   * Kills (kill -9) the live TaskManager with the fewest free slots, the one running the most of
   * the job; its name. (One killed before may still be registered until its heartbeat times out.)
   */
  static String killBusiestTaskManager(LocalCluster cluster, Consumer<String> progress) throws IOException {
    Map<String, FlinkProcess> live = FlinkProcess.running(cluster.home);
    FlinkProcess busiest = null;
    int fewest = Integer.MAX_VALUE;
    for (var tm : cluster.rest.taskManagers().path("taskmanagers")) {
      FlinkProcess p = live.get(tm.path("id").asText());
      if (p != null && tm.path("freeSlots").asInt() < fewest) {
        fewest = tm.path("freeSlots").asInt();
        busiest = p;
      }
    }
    if (busiest == null) {
      throw new IOException("no live TaskManager is registered: none to kill");
    }
    progress.accept("kill -9 " + busiest.name() + " (pid " + busiest.pid() + ", " + fewest + " free slots)");
    busiest.kill();
    return busiest.name();
  }
}
