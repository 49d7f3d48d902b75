package dev.ipvm.job;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** A Flink metric reporter that keeps every registered metric in memory, for tests to read. */
public final class CollectingReporter implements MetricReporter {
  static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

  /** Sum of every counter whose identifier ends with {@code .ipvm.<name>} (all subtasks). */
  static long sum(String name) {
    return METRICS.entrySet().stream()
        .filter(e -> e.getKey().endsWith(".ipvm." + name) && e.getValue() instanceof Counter)
        .mapToLong(e -> ((Counter) e.getValue()).getCount())
        .sum();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    METRICS.put(group.getMetricIdentifier(name), metric);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    METRICS.remove(group.getMetricIdentifier(name), metric);
  }

  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new CollectingReporter();
    }
  }
}
