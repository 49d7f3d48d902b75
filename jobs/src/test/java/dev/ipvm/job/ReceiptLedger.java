package dev.ipvm.job;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every record of one topic as a read_committed reader sees it, from the topic's beginning, by
 * record key, with the moment each arrived. A thread of its own reads all the time, so arrival
 * times are latencies and not when a test got round to looking; it counts what never came and
 * what came twice.
 */
final class ReceiptLedger implements AutoCloseable {
  /** A record and when this reader got it ({@link System#nanoTime}). */
  record Arrival(long nanos, ConsumerRecord<byte[], byte[]> record) {}

  /**
   * What came for a set of keys that each expect one record.
   *
   * @param sent keys expected
   * @param records records that came for them
   * @param lost keys with none
   * @param duplicated records past the first for a key
   */
  record Tally(int sent, int records, int lost, int duplicated) {
    Tally plus(Tally o) {
      return new Tally(sent + o.sent, records + o.records, lost + o.lost, duplicated + o.duplicated);
    }
  }

  private final JobHarness.Reader reader;
  private final Map<String, List<Arrival>> byKey = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  ReceiptLedger(JobHarness h, String topic) {
    reader = h.reader(topic);
    thread = new Thread(this::loop, "ledger-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (running) {
        var records = reader.consumer.poll(Duration.ofMillis(50));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          String key = JobHarness.key(r);
          byKey.computeIfAbsent(key == null ? "" : key, k -> new CopyOnWriteArrayList<>()).add(new Arrival(now, r));
        }
      }
    } catch (WakeupException closing) {
      // close() asked
    } catch (Throwable t) {
      failure = t;
    } finally {
      reader.close(); // here: a consumer belongs to the thread that polls it
    }
  }

  List<Arrival> arrivals(String key) {
    check();
    return byKey.getOrDefault(key, List.of());
  }

  OptionalLong firstNanos(String key) {
    List<Arrival> a = arrivals(key);
    return a.isEmpty() ? OptionalLong.empty() : OptionalLong.of(a.get(0).nanos());
  }

  boolean hasAll(Collection<String> keys) {
    check();
    return keys.stream().allMatch(byKey::containsKey);
  }

  /** Waits until every key has a record or the time is up; whether all came. */
  boolean awaitAll(Collection<String> keys, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!hasAll(keys)) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  Tally tally(Collection<String> keys) {
    check();
    int records = 0;
    int lost = 0;
    int duplicated = 0;
    for (String k : keys) {
      int n = byKey.getOrDefault(k, List.of()).size();
      records += n;
      lost += n == 0 ? 1 : 0;
      duplicated += Math.max(0, n - 1);
    }
    return new Tally(keys.size(), records, lost, duplicated);
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("the reader failed", failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.consumer.wakeup();
    thread.join(10_000);
  }
}
