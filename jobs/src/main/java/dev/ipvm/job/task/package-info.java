/**
 * The stateful function addressed by Task ID: memo, coalescing of concurrent duplicates, dispatch
 * of runs, and the bodies ({@link dev.ipvm.job.task.Invoke}, {@link dev.ipvm.job.task.Result})
 * that travel between the job's operators and over the feedback topic.
 */
package dev.ipvm.job.task;
