/**
 * The records that travel between the job's operators and over its topics: what the sources read
 * ({@link dev.ipvm.job.event.InboundRecord}), the task events keyed by Task ID
 * ({@link dev.ipvm.job.event.TaskEvent}: an invocation, a result, an await registration, a
 * resolved dependent) and what the sinks write ({@link dev.ipvm.job.event.OutRecord},
 * {@link dev.ipvm.job.event.DlqRecord}). Every layer of the job depends on this package; it
 * depends on none of them, only on the configuration.
 */
package dev.ipvm.job.event;
