package dev.ipvm.job.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The job's metrics, under the operator's metric group in group {@code ipvm}. Each operator
 * registers the ones it updates; names are stable for dashboards:
 * {@code invocationsIn, memoHits, coalesced, executions, inlineRuns, effects, replays, awaiting, receiptsOut,
 * staleResults, redispatched, errors.<Name>, receiptLatencyMs} (task function),
 * {@code fuelUsed, executionTimeMs} (Wasm executor, and the task function for its inline runs), {@code httpAttempts, denied, published}
 * (effect executor),
 * {@code rejected.<Name>, dlq} (intake).
 */
public final class JobMetrics {
  private static final int HISTOGRAM_WINDOW = 1000;

  private final MetricGroup group;
  private final Map<String, Counter> byName = new HashMap<>();
  public final Counter invocationsIn;
  public final Counter memoHits;
  public final Counter coalesced;
  public final Counter executions;
  /** Executions run in the task function itself ({@code exec.inline.fuel}); also counted in executions. */
  public final Counter inlineRuns;
  public final Counter receiptsOut;
  public final Counter staleResults;
  public final Counter redispatched;
  public final Counter awaiting;
  public final Counter effects;
  public final Counter replays;
  private Histogram receiptLatency;

  public JobMetrics(MetricGroup operatorGroup) {
    this.group = operatorGroup.addGroup("ipvm");
    invocationsIn = group.counter("invocationsIn");
    memoHits = group.counter("memoHits");
    coalesced = group.counter("coalesced");
    executions = group.counter("executions");
    inlineRuns = group.counter("inlineRuns");
    receiptsOut = group.counter("receiptsOut");
    staleResults = group.counter("staleResults");
    redispatched = group.counter("redispatched");
    awaiting = group.counter("awaiting");
    effects = group.counter("effects");
    replays = group.counter("replays");
  }

  /** Counts a receipt sent, its error name if it is an error, and the time since its invocation came in. */
  public void receipt(String errorName, long latencyMs) {
    receiptsOut.inc();
    if (errorName != null) {
      named("errors", errorName).inc();
    }
    if (receiptLatency == null) {
      receiptLatency = group.histogram("receiptLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }
    receiptLatency.update(Math.max(0, latencyMs));
  }

  /** A counter {@code <kind>.<name>}, created on first use. */
  public Counter named(String kind, String name) {
    return byName.computeIfAbsent(kind + "." + name, k -> group.addGroup(kind).counter(name));
  }

  /** Metrics of the Wasm executor. */
  public static final class Executor {
    public final Counter fuelUsed;
    public final Histogram executionTimeMs;

    public Executor(MetricGroup operatorGroup) {
      MetricGroup g = operatorGroup.addGroup("ipvm");
      fuelUsed = g.counter("fuelUsed");
      executionTimeMs = g.histogram("executionTimeMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }
  }

  /** Metrics of the effect executor. */
  public static final class Effects {
    /** Requests sent: first tries, retries and redirects. */
    public final Counter httpAttempts;
    public final Counter denied;
    public final Counter published;

    public Effects(MetricGroup operatorGroup) {
      MetricGroup g = operatorGroup.addGroup("ipvm");
      httpAttempts = g.counter("httpAttempts");
      denied = g.counter("denied");
      published = g.counter("published");
    }
  }

  /** Metrics of the intake (decode + verify). */
  public static final class Intake {
    private final MetricGroup group;
    private final Map<String, Counter> rejected = new HashMap<>();
    public final Counter dlq;
    /** Delegations taken from the delegations topic, and revocations from the revocations topic. */
    public final Counter delegations;
    public final Counter revocations;

    public Intake(MetricGroup operatorGroup) {
      group = operatorGroup.addGroup("ipvm");
      dlq = group.counter("dlq");
      delegations = group.counter("delegationsRead");
      revocations = group.counter("revocationsRead");
    }

    public void rejected(String name) {
      rejected.computeIfAbsent(name, n -> group.addGroup("rejected").counter(n)).inc();
    }
  }
}
