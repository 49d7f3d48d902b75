package dev.ipvm.index.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** What the ingest is doing, for /health and /metrics: records behind per topic, and whether it has failed. */
public final class IngestStatus {
  private final Map<String, Long> lag = new ConcurrentHashMap<>();
  private volatile boolean assigned;
  private volatile Throwable failure;
  private volatile String verifier;
  private final java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger();

  void lag(String topic, long records) {
    lag.put(topic, records);
  }

  void unwritten(int delta) {
    unwritten.addAndGet(delta);
  }

  void assigned() {
    assigned = true;
  }

  void verifier(String name) {
    verifier = name;
  }

  void failed(Throwable e) {
    failure = e;
  }

  /** Records not yet read, per topic (known once the consumer has fetched from every partition). */
  public Map<String, Long> lag() {
    return new TreeMap<>(lag);
  }

  /**
   * Polls read and not yet written (being checked, checked and waiting, or being written): at most
   * {@code 9}; near it while records keep coming, the checks and writes are what bounds the ingest.
   */
  public int unwritten() {
    return unwritten.get();
  }

  /** Whether the consumer has its partitions (false while it waits for the topics to exist). */
  public boolean isAssigned() {
    return assigned;
  }

  /** What checks the signatures ({@code libsodium}, {@code BouncyCastle}), or null when not known. */
  public String verifier() {
    return verifier;
  }

  /** Why the ingest stopped, or null while it runs. */
  public Throwable failure() {
    return failure;
  }
}
