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
 *   <li>{@code delegations} (compacted): key = CID, value = a UCAN delegation envelope; an
 *       invocation's {@code prf} may name it instead of carrying it in a {@value Headers#PROOF}
 *       header. A record without value (a tombstone) forgets it.
 *   <li>{@code revocations} (compacted): key = the revoked delegation's CID, value = a signed
 *       {@code /ucan/revoke} invocation, with the revoked delegation (and the chain down to it
 *       from the revoker) in {@value Headers#PROOF} headers.
 * </ul>
 */
public record Topics(String invocations, String receipts, String blocks, String feedback, String dlq,
    String delegations, String revocations) implements java.io.Serializable {

  public static final Topics DEFAULT = new Topics("ipvm.invocations", "ipvm.receipts", "ipvm.blocks",
      "ipvm.feedback", "ipvm.dlq", "ipvm.delegations", "ipvm.revocations");

  public Topics {
    Objects.requireNonNull(invocations, "invocations");
    Objects.requireNonNull(receipts, "receipts");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(dlq, "dlq");
    Objects.requireNonNull(delegations, "delegations");
    Objects.requireNonNull(revocations, "revocations");
  }

  /** The same roles under {@code prefix}, e.g. {@code "test1."} → {@code test1.ipvm.receipts}. */
  public Topics prefixed(String prefix) {
    return new Topics(prefix + invocations, prefix + receipts, prefix + blocks, prefix + feedback, prefix + dlq,
        prefix + delegations, prefix + revocations);
  }
}
