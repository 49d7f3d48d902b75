package dev.ipvm.bench.all;

import java.util.Arrays;

/** One measured phase: how many, how long from first send to last answer, and each one's latency. */
record Phase(String name, int count, double seconds, long[] latenciesMs, Cpu cpu) {
  Phase(String name, int count, double seconds, long[] latenciesMs) {
    this(name, count, seconds, latenciesMs, null);
  }

  Phase withCpu(Cpu c) {
    return new Phase(name, count, seconds, latenciesMs, c);
  }

  double perSecond() {
    return count / seconds;
  }

  /** The p-quantile (nearest rank) of the latencies, -1 when there are none. */
  long percentile(double p) {
    if (latenciesMs.length == 0) {
      return -1;
    }
    long[] s = latenciesMs.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p * s.length) - 1))];
  }
}
