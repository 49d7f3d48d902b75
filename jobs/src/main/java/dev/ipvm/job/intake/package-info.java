/**
 * Decode and verify: invocation records become task events, error receipts or DLQ records;
 * feedback records become results. Stateless.
 */
package dev.ipvm.job.intake;
