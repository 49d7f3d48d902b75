package dev.ipvm.index.store;

/** Names of the counters kept in {@link Family#COUNTERS}, written in the same batch as the data they count. */
public final class Counter {
  /** receipts indexed */
  public static final String INDEXED = "indexed";
  /** receipts read again that were indexed already (the same bytes twice on the topic) */
  public static final String DUPLICATE = "duplicate";
  /** invocations whose issuer was recorded */
  public static final String INVOCATIONS = "invocations";
  /** of those, the ones indexed on a trusted executor's ok receipt, without checking their signature again */
  public static final String INVOCATIONS_VOUCHED = "invocations.vouched";
  /** invocation records that were not a signed invocation, so gave no issuer */
  public static final String INVOCATIONS_SKIPPED = "invocations.skipped";
  /** blocks kept from the blocks topic */
  public static final String BLOCKS = "blocks";
  /** records of the blocks topic not kept: not raw or dag-pb, or not the block their key names */
  public static final String BLOCKS_SKIPPED = "blocks.skipped";
  /** the last sequence number given to a lookup entry */
  public static final String SEQUENCE = "sequence";

  private Counter() {}

  /** The counter of receipts rejected for {@code reason} (an error name). */
  public static String rejected(String reason) {
    return "rejected." + reason;
  }
}
