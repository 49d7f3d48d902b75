package dev.ipvm.index.ingest;

import dev.ipvm.cid.Cid;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of a poll with everything done to it that needs nothing from the index (decoding, the
 * signature check, the CIDs and keys it is filed under), by {@link Checks} on its pool, so that the
 * {@link Writer}, which writes one batch at a time, only reads and writes the store.
 */
sealed interface Prepared {
  ConsumerRecord<byte[], byte[]> record();

  /** A receipt to index: decoded, its signature good, its issuer trusted. */
  record Accepted(ConsumerRecord<byte[], byte[]> record, Cid cid, Cid ran, Cid task, Set<Cid> outputs, boolean ok)
      implements Prepared {
    static Accepted of(ConsumerRecord<byte[], byte[]> record, Signed<Receipt> signed) {
      Receipt receipt = signed.payload();
      return new Accepted(record, signed.cid(), receipt.ran(), PollIndexer.taskId(receipt, record),
          OutputCids.of(receipt.out()), receipt.out() instanceof Outcome.Ok);
    }
  }

  /** A record of the receipts topic not indexed, and why. */
  record Rejected(ConsumerRecord<byte[], byte[]> record, ReceiptCheck.Checked checked) implements Prepared {}

  /** An invocation, decoded, not verified: who issued it, its envelope and what its args await. */
  record InvocationRead(ConsumerRecord<byte[], byte[]> record, Cid cid, String issuer, byte[] envelope, Set<Cid> awaited)
      implements Prepared {
    /** {@code record} may be null: an invocation held in the index, read back. */
    static InvocationRead of(ConsumerRecord<byte[], byte[]> record, Signed<Invocation> inv) {
      return new InvocationRead(record, inv.cid(), inv.payload().iss(), inv.bytes(), Await.awaited(inv.payload().args()));
    }
  }

  /** A raw or dag-pb block whose bytes hash to the CID it was keyed by. */
  record Block(ConsumerRecord<byte[], byte[]> record, Cid cid, byte[] bytes) implements Prepared {}

  /** A record of the invocations or blocks topic that is not one (counted, not kept). */
  record Skipped(ConsumerRecord<byte[], byte[]> record) implements Prepared {}
}
