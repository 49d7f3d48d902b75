package dev.ipvm.topic;

import java.util.Objects;

/**
 * The Kafka topics of one IPVM deployment, by role. Keys on every topic are CIDs in their
 * default text form (base32 {@code b...}), so that any Kafka tool can read them.
 *
 * <ul>
 *   <li>{@code invocations}: key = Task ID (optional), value = invocation envelope (DAG-CBOR, or
 *       DAG-JSON when header {@value Headers#CONTENT_TYPE} says {@value Headers#DAG_JSON}).
 *   <li>{@code receipts}: key = invocation CID, value = receipt envelope (DAG-CBOR); headers
 *       {@value Headers#TASK} and {@value Headers#STATUS}. Written transactionally: read it with
 *       {@code isolation.level=read_committed}.
 *   <li>{@code blocks} (compacted): key = CID, value = the block's bytes, verified on read.
 *   <li>{@code feedback}: internal to the job (results and resolved dependents).
 *   <li>{@code dlq}: records that could not be decoded at all, with {@value Headers#REASON}.
 * </ul>
 */
public record Topics(String invocations, String receipts, String blocks, String feedback, String dlq)
    implements java.io.Serializable {

  public static final Topics DEFAULT =
      new Topics("ipvm.invocations", "ipvm.receipts", "ipvm.blocks", "ipvm.feedback", "ipvm.dlq");

  public Topics {
    Objects.requireNonNull(invocations, "invocations");
    Objects.requireNonNull(receipts, "receipts");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(dlq, "dlq");
  }

  /** The same roles under {@code prefix}, e.g. {@code "test1."} → {@code test1.ipvm.receipts}. */
  public Topics prefixed(String prefix) {
    return new Topics(prefix + invocations, prefix + receipts, prefix + blocks, prefix + feedback, prefix + dlq);
  }
}
