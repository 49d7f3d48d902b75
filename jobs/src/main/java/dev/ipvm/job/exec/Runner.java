package dev.ipvm.job.exec;

import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import java.io.Serializable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.MetricGroup;

/**
 * What an {@link ExecutorOperator} runs: one dispatched task, off the operator's thread, on a
 * pool of its own with at least {@link #slots} threads. The operator decides what runs when.
 */
public interface Runner extends Serializable {

  /** Prepares the pool and what the runs share; {@code metrics} is the operator's group. */
  void open(MetricGroup metrics);

  /** Runs in flight at once (the operator never starts more). */
  int slots();

  /**
   * Starts a run. The future completes with its result, which never fails exceptionally for a
   * reason of the task's own (those are error results); it completes with null when the run was
   * cut short by {@link #close} and so has no outcome to report.
   */
  CompletableFuture<Result> run(Invoke inv);

  /** Whether runs are CPU-bound, so that a tenant's runs are also capped at its share of the cores per process. */
  boolean cpuBound();

  /** Longest a run may take by the runner's own caps; past this (plus slack) the operator gives up on it. */
  long longestRunMillis(Invoke inv);

  void close();
}
