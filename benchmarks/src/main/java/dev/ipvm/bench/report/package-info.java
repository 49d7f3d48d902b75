/** Turns JMH JSON results into the short tables that BENCHMARKS.md quotes. */
package dev.ipvm.bench.report;
