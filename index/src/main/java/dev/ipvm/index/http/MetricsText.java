package dev.ipvm.index.http;

import dev.ipvm.index.ingest.IngestStatus;
import dev.ipvm.index.ingest.Rejection;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import java.util.Map;

/** /metrics in Prometheus' text format (version 0.0.4). Counters are the index's own, so they survive restarts. */
final class MetricsText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsText() {}

  static String of(IndexStore store, IngestStatus status) {
    StringBuilder b = new StringBuilder();
    counter(b, "ipvm_index_receipts_indexed_total", "Receipts indexed.");
    b.append("ipvm_index_receipts_indexed_total ").append(store.counter(Counter.INDEXED)).append('\n');
    counter(b, "ipvm_index_receipts_rejected_total", "Receipts not indexed, by reason.");
    for (Rejection r : Rejection.values()) {
      b.append("ipvm_index_receipts_rejected_total{reason=\"").append(r.errorName()).append("\"} ")
          .append(store.counter(Counter.rejected(r.errorName()))).append('\n');
    }
    counter(b, "ipvm_index_receipts_duplicate_total", "Receipts read again that were indexed already.");
    b.append("ipvm_index_receipts_duplicate_total ").append(store.counter(Counter.DUPLICATE)).append('\n');
    counter(b, "ipvm_index_invocations_total", "Invocations whose issuer was recorded.");
    b.append("ipvm_index_invocations_total ").append(store.counter(Counter.INVOCATIONS)).append('\n');
    counter(b, "ipvm_index_invocations_vouched_total",
        "Of those, invocations indexed on a trusted executor's ok receipt, without verifying their signature again.");
    b.append("ipvm_index_invocations_vouched_total ").append(store.counter(Counter.INVOCATIONS_VOUCHED)).append('\n');
    counter(b, "ipvm_index_invocations_skipped_total", "Invocation records that were not a validly signed invocation.");
    b.append("ipvm_index_invocations_skipped_total ").append(store.counter(Counter.INVOCATIONS_SKIPPED)).append('\n');
    counter(b, "ipvm_index_blocks_total", "Raw and dag-pb blocks kept from the blocks topic.");
    b.append("ipvm_index_blocks_total ").append(store.counter(Counter.BLOCKS)).append('\n');
    counter(b, "ipvm_index_blocks_skipped_total", "Records of the blocks topic not kept: another codec, or not their key's block.");
    b.append("ipvm_index_blocks_skipped_total ").append(store.counter(Counter.BLOCKS_SKIPPED)).append('\n');
    b.append("# HELP ipvm_index_lag_records Records on the topic not yet read.\n");
    b.append("# TYPE ipvm_index_lag_records gauge\n");
    for (Map.Entry<String, Long> e : status.lag().entrySet()) {
      b.append("ipvm_index_lag_records{topic=\"").append(e.getKey()).append("\"} ").append(e.getValue()).append('\n');
    }
    b.append("# HELP ipvm_index_polls_unwritten Polls read and not yet written (at most 9; near it, checking and writing bound the ingest).\n");
    b.append("# TYPE ipvm_index_polls_unwritten gauge\n");
    b.append("ipvm_index_polls_unwritten ").append(status.unwritten()).append('\n');
    b.append("# HELP ipvm_index_up Whether the ingest is running (0 once it has failed).\n");
    b.append("# TYPE ipvm_index_up gauge\n");
    b.append("ipvm_index_up ").append(status.failure() == null ? 1 : 0).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
  }
}
