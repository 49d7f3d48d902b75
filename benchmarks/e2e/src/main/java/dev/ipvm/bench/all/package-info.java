/**
 * The one-command benchmark ({@code benchmarks/run-all.sh}): the job's throughput and latency
 * phases against anchors measured in the same run, written into BENCHMARKS.md with a plot.
 */
package dev.ipvm.bench.all;
