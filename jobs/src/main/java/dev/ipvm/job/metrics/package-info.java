/** The job's metrics (Flink metric groups): what came in, what was reused, what ran, what failed. */
package dev.ipvm.job.metrics;
