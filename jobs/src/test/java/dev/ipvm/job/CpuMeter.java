package dev.ipvm.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How busy the machine was during a window, and how much of it was not this test: on a shared
 * 2-core machine another build running alongside moves latencies more than anything under
 * test, so the report says how much CPU other processes took. Linux only (/proc/stat); "ours"
 * is this JVM (the MiniCluster runs in it) and its child processes (the broker).
 */
final class CpuMeter {
  /**
   * Cumulative counters at one moment: the machine's busy and total ticks, and the CPU time (ms)
   * of this JVM and each of its descendants by pid (a restarted broker is a new pid).
   */
  record Sample(long busyTicks, long totalTicks, Map<Long, Long> oursMillis, long wallNanos) {}

  private CpuMeter() {}

  static Sample sample() {
    long[] t = procStat();
    return new Sample(t[0], t[1], oursMillis(), System.nanoTime());
  }

  /** "machine 97% busy (this JVM and its broker 90%, other processes 7%)" between two samples. */
  static String between(Sample a, Sample b) {
    if (a.totalTicks() < 0 || b.totalTicks() <= a.totalTicks()) {
      return "CPU unknown";
    }
    double busy = (double) (b.busyTicks() - a.busyTicks()) / (b.totalTicks() - a.totalTicks());
    double wallMs = (b.wallNanos() - a.wallNanos()) / 1e6;
    long oursMs = 0; // a process gone since a is not counted: the little it used before it ended is lost
    for (Map.Entry<Long, Long> e : b.oursMillis().entrySet()) {
      oursMs += e.getValue() - a.oursMillis().getOrDefault(e.getKey(), 0L);
    }
    double ours = oursMs / (wallMs * Runtime.getRuntime().availableProcessors());
    ours = Math.min(ours, busy);
    return String.format("machine %.0f%% busy (this JVM and its broker %.0f%%, other processes %.0f%%)", 100 * busy,
        100 * ours, 100 * (busy - ours));
  }

  /** Busy and total ticks over all CPUs, from the first line of /proc/stat; -1 when unreadable. */
  private static long[] procStat() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long user = Long.parseLong(f[1]);
      long nice = Long.parseLong(f[2]);
      long system = Long.parseLong(f[3]);
      long idle = Long.parseLong(f[4]);
      long iowait = Long.parseLong(f[5]);
      long irq = Long.parseLong(f[6]);
      long softirq = Long.parseLong(f[7]);
      long steal = Long.parseLong(f[8]);
      long busy = user + nice + system + irq + softirq + steal;
      return new long[] {busy, busy + idle + iowait};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private static Map<Long, Long> oursMillis() {
    Map<Long, Long> ms = new HashMap<>();
    ProcessHandle self = ProcessHandle.current();
    ms.put(self.pid(), cpu(self));
    self.descendants().forEach(p -> ms.put(p.pid(), cpu(p)));
    return ms;
  }

  private static long cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }
}
