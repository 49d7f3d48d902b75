/**
 * Feeding the index: {@link dev.ipvm.index.ingest.Ingestor} reads the receipts topic (and the
 * invocations topic, for invokers) read_committed, by manual assignment from the offsets stored in
 * the index; {@link dev.ipvm.index.ingest.ReceiptCheck} verifies each receipt against the trusted
 * executors ({@link dev.ipvm.index.ingest.Trust}), naming a refusal by {@link dev.ipvm.index.ingest.Rejection}.
 * {@link dev.ipvm.index.ingest.Checks} prepares a poll on every core (decoding, checks, CIDs:
 * {@link dev.ipvm.index.ingest.Prepared}) while {@link dev.ipvm.index.ingest.PollIndexer} writes the
 * one before, and {@link dev.ipvm.index.ingest.Invocations} holds invocations until vouched for.
 */
package dev.ipvm.index.ingest;
