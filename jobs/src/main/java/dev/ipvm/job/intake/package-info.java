/**
 * Decode and verify: invocation records become task events, error receipts or DLQ records;
 * feedback records become results. Authority ({@code Authority}) is checked here, against the
 * record's proofs and what the delegations and revocations topics brought ({@code Credentials},
 * the intake's only state, broadcast to every instance).
 */
package dev.ipvm.job.intake;
