package dev.ipvm.job.exec;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs of each tenant in flight in this process, across the executor instances it hosts. Wasm
 * runs are CPU-bound: with one slot per instance, a flooder with two instances in a 2-core
 * TaskManager still holds both cores, and everyone else waits for the scheduler. So a tenant's
 * Wasm runs are also capped per process, at its share of the cores.
 */
final class ProcessShares {
  private static final ConcurrentHashMap<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();

  private ProcessShares() {}

  /** Takes one of {@code max} places of {@code key} (pool and tenant); false when all are taken. */
  static boolean tryAcquire(String key, int max) {
    AtomicInteger n = RUNNING.computeIfAbsent(key, k -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= max) {
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  static void release(String key) {
    AtomicInteger n = RUNNING.get(key);
    if (n != null) {
      n.updateAndGet(v -> Math.max(0, v - 1));
    }
  }

  /** The cap for a tenant's share of this machine's cores: at least one run. */
  static int coresShare(double share) {
    return (int) Math.max(1, Math.floor(Runtime.getRuntime().availableProcessors() * share));
  }
}
