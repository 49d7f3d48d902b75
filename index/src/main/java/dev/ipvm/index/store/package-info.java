/**
 * The index's RocksDB store: one column family per lookup ({@link dev.ipvm.index.store.Family}),
 * composite keys ({@link dev.ipvm.index.store.Keys}), and {@link dev.ipvm.index.store.IndexBatch},
 * which writes one poll's receipts, counters and consumer offsets in a single atomic WriteBatch,
 * built in memory ({@code Changes}) from what it read ahead of the store.
 */
package dev.ipvm.index.store;
