/**
 * The receipt index, {@code bin/ipvm index}: a process of its own beside the job that reads the
 * receipts topic (read_committed), keeps verified receipts from trusted executors in RocksDB
 * ({@link dev.ipvm.index.store}), fed by {@link dev.ipvm.index.ingest}, and answers lookups over
 * HTTP ({@link dev.ipvm.index.http}), its signatures checked by the verifier
 * {@link dev.ipvm.index.signature} chooses. {@link dev.ipvm.index.IndexCommand} wires them together.
 * Packages depend one way: store ← ingest ← http ← this one, and signature ← this one.
 */
package dev.ipvm.index;
