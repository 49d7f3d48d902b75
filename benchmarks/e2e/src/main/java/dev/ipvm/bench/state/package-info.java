/**
 * Memo state at scale: savepoints holding millions of memo entries, written with Flink's State
 * Processor API (executing that many tasks through the job would take hours), and the benchmark
 * that starts the job from them and measures memo hits against the same job with few entries.
 */
package dev.ipvm.bench.state;
