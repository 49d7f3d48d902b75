package dev.ipvm.job.receipt;

import java.util.Arrays;

/**
 * A signed receipt on its way to the receipts topic.
 *
 * @param invocation the invocation CID (the record key)
 * @param taskId the Task ID, or empty when the invocation was too broken to have one
 * @param status {@code ok} or {@code error}
 * @param error the error name, or empty
 * @param envelope the receipt envelope (DAG-CBOR)
 */
public record ReceiptOut(String invocation, String taskId, String status, String error, byte[] envelope) {

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceiptOut r && r.invocation.equals(invocation) && Arrays.equals(r.envelope, envelope);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(envelope);
  }

  @Override
  public String toString() {
    return "receipt for " + invocation + ": " + status + (error.isEmpty() ? "" : " " + error);
  }
}
