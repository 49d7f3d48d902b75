package dev.ipvm.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady stream of signed invocations for the chaos runs and the recovery measurement: {@code rate} a second, each a new
 * task ({@code add(i, 1)}), published without waiting so that a fault does not slow the sender.
 * Every invocation sent is remembered with when it was sent, so that lost and repeated receipts,
 * and the time until receipts flow after a fault, can be counted from {@link Traffic#receipts}.
 */
final class SteadyStream implements AutoCloseable {
  private final Traffic traffic;
  private final int rate;
  /** Invocation CID → when it was sent ({@link System#nanoTime}). */
  final Map<String, Long> sent = new ConcurrentHashMap<>();
  /** Invocation CID → the task's {@code a} of {@code add(a, 1)}. */
  final Map<String, Long> tasks = new ConcurrentHashMap<>();
  final List<Exception> sendFailures = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread sender;
  private long next;

  SteadyStream(Traffic traffic, int rate, long firstTask) {
    this.traffic = traffic;
    this.rate = rate;
    this.next = firstTask;
    sender = new Thread(this::run, "steady-stream");
    sender.setDaemon(true);
  }

  SteadyStream start() {
    sender.start();
    return this;
  }

  private void run() {
    long period = 1_000_000_000L / rate;
    long due = System.nanoTime();
    while (!stop.get()) {
      long a = next++;
      String cid = traffic.sendAsync(traffic.add(a, 1), sendFailures::add);
      sent.put(cid, System.nanoTime());
      tasks.put(cid, a);
      due += period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Seconds from {@code faultNanos} until the first receipt of an invocation sent after it; -1 if none yet. */
  double secondsUntilFlowing(long faultNanos) {
    return sent.entrySet().stream().filter(e -> e.getValue() > faultNanos)
        .map(e -> traffic.receipts.get(e.getKey())).filter(r -> r != null && !r.isEmpty())
        .mapToLong(r -> r.get(0).nanos()).min().stream()
        .mapToDouble(n -> (n - faultNanos) / 1e9).findFirst().orElse(-1);
  }

  /** Waits until receipts flow for invocations sent after {@code faultNanos}; the seconds it took. */
  double awaitFlowing(long faultNanos, Duration timeout) throws InterruptedException, TimeoutException {
    long end = faultNanos + timeout.toNanos();
    while (System.nanoTime() < end) {
      double s = secondsUntilFlowing(faultNanos);
      if (s >= 0) {
        return s;
      }
      Thread.sleep(200);
    }
    throw new TimeoutException("receipts did not flow again within " + timeout.toSeconds() + " s of the fault");
  }

  /**
   * The longest time without any new receipt between {@code fromNanos} and now: the outage a
   * consumer sees, whatever invocations the receipts answer (receipts come in bursts, one per
   * checkpoint, so about the checkpoint interval when nothing is wrong).
   */
  double longestPause(long fromNanos) {
    long[] arrivals = traffic.receipts.values().stream().filter(l -> !l.isEmpty()).mapToLong(l -> l.get(0).nanos())
        .filter(n -> n >= fromNanos).sorted().toArray();
    long last = fromNanos;
    long longest = 0;
    for (long a : arrivals) {
      longest = Math.max(longest, a - last);
      last = a;
    }
    return Math.max(longest, System.nanoTime() - last) / 1e9;
  }

  /** Stops sending and waits until every invocation sent has a receipt, or {@code timeout} passes. */
  void stopAndDrain(Duration timeout) throws InterruptedException {
    stop.set(true);
    sender.join();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && missing() > 0) {
      Thread.sleep(500);
    }
  }

  /** Invocations sent that have no receipt. */
  long missing() {
    return sent.keySet().stream().filter(c -> !traffic.receipts.containsKey(c)).count();
  }

  /** Invocations sent that have more than one receipt. */
  long duplicated() {
    return sent.keySet().stream().filter(c -> traffic.receipts.getOrDefault(c, List.of()).size() > 1).count();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    sender.join(5000);
  }
}
