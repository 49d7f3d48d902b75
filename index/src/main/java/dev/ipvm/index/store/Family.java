package dev.ipvm.index.store;

import java.nio.charset.StandardCharsets;

/** The index's column families. Multi-valued lookups hold entries {@link Keys#entry}: key then sequence number. */
public enum Family {
  /** receipt CID → the receipt envelope's DAG-CBOR bytes, as read from the topic */
  RECEIPTS("receipts"),
  /** invocation CID ({@code ran}) + sequence → receipt CID */
  BY_INVOCATION("by_invocation"),
  /** Task ID ({@code meta.task}, else the record's {@code task} header) + sequence → receipt CID */
  BY_TASK("by_task"),
  /** invoking issuer's DID (the invocation's {@code iss}) + sequence → receipt CID */
  BY_ISSUER("by_issuer"),
  /** output CID (the {@code ok} value's own CID, and every link in {@code out}) + sequence → receipt CID */
  BY_OUTPUT("by_output"),
  /** invocation CID → its issuer's DID, from the invocations topic */
  INVOKERS("invokers"),
  /** invocation CID → its envelope's DAG-CBOR bytes (its args, for the explorer) */
  INVOCATIONS("invocations"),
  /** awaited Task ID + sequence → the CID of an invocation whose args await it */
  BY_AWAIT("by_await"),
  /**
   * invocation CID → read time (8 bytes, epoch ms) and envelope: an invocation read but not yet
   * indexed, waiting for a trusted {@code ok} receipt to vouch for it, else checked on its own
   */
  PENDING("pending_invocations"),
  /** invocation CID → nothing: a trusted {@code ok} receipt names it, and it has not been read yet */
  VOUCHED("vouched"),
  /** block CID → the block's bytes: raw and dag-pb (UnixFS) blocks from the blocks topic, checked against their CID */
  BLOCKS("blocks"),
  /** {@code topic/partition} → the next offset to read */
  OFFSETS("offsets"),
  /** counter name → its value (8 bytes, big-endian) */
  COUNTERS("counters");

  private final String columnName;

  Family(String columnName) {
    this.columnName = columnName;
  }

  public String columnName() {
    return columnName;
  }

  byte[] nameBytes() {
    return columnName.getBytes(StandardCharsets.UTF_8);
  }
}
