package dev.ipvm.bench.report;

/** Reading JMH's JSON results: its score units. */
final class JmhUnits {
  private JmhUnits() {}

  /** The factor from a result's unit to ops/s; only throughput results make sense in our reports. */
  static double perSecond(String unit) {
    return switch (unit) {
      case "ops/s" -> 1;
      case "ops/ms" -> 1e3;
      case "ops/us" -> 1e6;
      case "ops/ns" -> 1e9;
      case "ops/min" -> 1.0 / 60;
      default -> throw new IllegalArgumentException(
          "score unit '" + unit + "' is not a throughput; run JMH with -bm thrpt");
    };
  }
}
