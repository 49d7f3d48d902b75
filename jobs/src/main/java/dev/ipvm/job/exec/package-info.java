/**
 * Executors of dispatched tasks: {@link dev.ipvm.job.exec.ExecutorOperator} accepts every run at
 * once into a {@link dev.ipvm.job.exec.FairQueue} shared fairly among tenants and kept in its
 * checkpoint, and runs it with a {@link dev.ipvm.job.exec.Runner}: Wasm (with the process-wide
 * runtime) or effects (HTTP, publish checks).
 */
package dev.ipvm.job.exec;
