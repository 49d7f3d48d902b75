package dev.ipvm.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;

/**
 * The checkpoints of a running job as Flink's statistics give them, sampled every second from
 * a thread of its own (Flink keeps only the last ten), so a window of the test can say how
 * long its checkpoints took: receipts become visible when a checkpoint completes.
 */
final class CheckpointWatch implements AutoCloseable {
  /** One finished checkpoint: when it was triggered ({@link System#currentTimeMillis}), how long it took. */
  record Checkpoint(long id, long triggeredMillis, long durationMillis, boolean completed) {}

  private final Map<Long, Checkpoint> seen = new ConcurrentSkipListMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  CheckpointWatch(JobHarness h) {
    thread = new Thread(() -> {
      while (running) {
        try {
          var history = h.cluster.getExecutionGraph(h.job.getJobID()).get().getCheckpointStatsSnapshot().getHistory();
          for (AbstractCheckpointStats c : history.getCheckpoints()) {
            if (c.getStatus() != CheckpointStatsStatus.IN_PROGRESS) {
              seen.putIfAbsent(c.getCheckpointId(), new Checkpoint(c.getCheckpointId(), c.getTriggerTimestamp(),
                  c.getEndToEndDuration(), c.getStatus() == CheckpointStatsStatus.COMPLETED));
            }
          }
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // the job is restarting or gone: try again
        }
      }
    }, "checkpoint-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** The checkpoints triggered between two {@link System#nanoTime} marks. */
  List<Checkpoint> between(long fromNanos, long toNanos) {
    long from = wallMillis(fromNanos);
    long to = wallMillis(toNanos);
    return new ArrayList<>(seen.values()).stream()
        .filter(c -> c.triggeredMillis() >= from && c.triggeredMillis() < to).toList();
  }

  /** "12 completed (p50 140 ms, max 900 ms), 0 failed". */
  static String summary(List<Checkpoint> cps) {
    Latency d = Latency.of(cps.stream().filter(Checkpoint::completed).map(Checkpoint::durationMillis).toList());
    long failed = cps.stream().filter(c -> !c.completed()).count();
    return d.n() + " completed" + (d.n() == 0 ? "" : " (p50 " + d.p50() + " ms, max " + d.max() + " ms)") + ", "
        + failed + " failed";
  }

  /** A {@link System#nanoTime} mark as wall-clock milliseconds. */
  static long wallMillis(long nanos) {
    return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5000);
  }
}
