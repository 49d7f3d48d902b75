/**
 * The stateful function addressed by Task ID: memo, coalescing of concurrent duplicates, dispatch
 * of runs, awaits and the effect journal. The events it takes and emits are in
 * {@link dev.ipvm.job.event}.
 */
package dev.ipvm.job.task;
