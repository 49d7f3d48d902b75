package dev.ipvm.bench.all;

import java.util.Arrays;
import java.util.List;

/** Ratios of throughput read round by round (each phase beside the anchor measured just before it). */
final class Ratios {
  private Ratios() {}

  static double[] perRound(List<Phase> measured, List<Phase> anchor) {
    double[] r = new double[measured.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = measured.get(i).perSecond() / anchor.get(i).perSecond();
    }
    return r;
  }

  static double median(List<Phase> measured, List<Phase> anchor) {
    return median(perRound(measured, anchor));
  }

  static double medianRate(List<Phase> phases) {
    return median(phases.stream().mapToDouble(Phase::perSecond).toArray());
  }

  /** The median CPU milliseconds per record of this JVM (0) or the broker (1). */
  static double medianCpu(List<Phase> phases, int which) {
    return median(phases.stream().mapToDouble(p -> p.cpu() == null ? 0 : which == 0 ? p.cpu().jvmMs() : p.cpu().brokerMs())
        .toArray());
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** "0.41-0.55": the smallest and largest of the rounds' ratios. */
  static String range(List<Phase> measured, List<Phase> anchor) {
    double[] r = perRound(measured, anchor);
    return String.format(java.util.Locale.ROOT, "%.2f–%.2f", Arrays.stream(r).min().orElse(0), Arrays.stream(r).max().orElse(0));
  }
}
