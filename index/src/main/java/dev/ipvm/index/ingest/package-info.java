/**
 * Feeding the index: {@link dev.ipvm.index.ingest.Ingestor} reads the receipts topic (and the
 * invocations topic, for invokers) read_committed, by manual assignment from the offsets stored in
 * the index; {@link dev.ipvm.index.ingest.ReceiptCheck} verifies each receipt against the trusted
 * executors ({@link dev.ipvm.index.ingest.Trust}), naming a refusal by {@link dev.ipvm.index.ingest.Rejection}.
 */
package dev.ipvm.index.ingest;
