package dev.ipvm.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Receipt latencies of one window, summed up by nearest-rank percentiles (the value at rank
 * ceil(p/100 x n) of the sorted sample: with 100 samples p99 is the second largest).
 *
 * @param n how many receipts came
 * @param p50 median, ms
 * @param p99 99th percentile, ms
 * @param max largest, ms
 */
record Latency(int n, long p50, long p99, long max) {
  static final Latency NONE = new Latency(0, -1, -1, -1);

  static Latency of(List<Long> millis) {
    if (millis.isEmpty()) {
      return NONE;
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return new Latency(sorted.size(), rank(sorted, 50), rank(sorted, 99), sorted.get(sorted.size() - 1));
  }

  private static long rank(List<Long> sorted, int p) {
    int r = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, r - 1));
  }

  /** As the report shows it: {@code 640 / 1210 ms (n=100)}. */
  String cell() {
    return n == 0 ? "no samples" : p50 + " / " + p99 + " ms (n=" + n + ")";
  }
}
