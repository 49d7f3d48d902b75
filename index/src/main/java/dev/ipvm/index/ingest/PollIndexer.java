package dev.ipvm.index.ingest;

import dev.ipvm.cid.Cid;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.Family;
import dev.ipvm.index.store.IndexBatch;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a batch of polls' {@link Prepared} records, in their order, in one {@link IndexBatch} with
 * the offsets they were read up to. This is the serial part of the ingest (one batch at a time, on
 * the {@link Writer}'s thread), so it does nothing here that {@link Checks} could do before: it
 * reads what the batch needs from the store in one call per column family, then decides from memory.
 */
final class PollIndexer {
  private final IndexStore store;
  private final Topics topics;
  private final Invocations invocations;
  private final boolean readInvocations;
  private final Set<Rejection> reported = new HashSet<>();

  PollIndexer(IndexStore store, Topics topics, Invocations invocations, boolean readInvocations) {
    this.store = store;
    this.topics = topics;
    this.invocations = invocations;
    this.readInvocations = readInvocations;
  }

  void index(List<Prepared> prepared) {
    IndexBatch batch = store.batch();
    readAhead(batch, prepared);
    for (Prepared p : prepared) {
      ConsumerRecord<byte[], byte[]> r = p.record();
      if (p instanceof Prepared.Accepted a) {
        receipt(batch, a);
      } else if (p instanceof Prepared.Rejected rejected) {
        rejected(batch, rejected);
      } else if (p instanceof Prepared.InvocationRead inv) {
        invocations.read(batch, inv);
      } else if (p instanceof Prepared.Block b) {
        batch.addBlock(b.cid(), b.bytes());
        batch.count(Counter.BLOCKS);
      } else {
        batch.count(r.topic().equals(topics.blocks()) ? Counter.BLOCKS_SKIPPED : Counter.INVOCATIONS_SKIPPED);
      }
      batch.offset(r.topic(), r.partition(), r.offset() + 1);
    }
    store.write(batch);
  }

  /** What the poll's records will ask of the store, fetched in one call per family. */
  private void readAhead(IndexBatch batch, List<Prepared> prepared) {
    List<byte[]> receipts = new ArrayList<>();
    List<byte[]> invocationKeys = new ArrayList<>();
    List<byte[]> read = new ArrayList<>();
    for (Prepared p : prepared) {
      if (p instanceof Prepared.Accepted a) {
        receipts.add(a.cid().toBytes());
        if (readInvocations) {
          invocationKeys.add(a.ran().toBytes());
        }
      } else if (p instanceof Prepared.InvocationRead inv) {
        byte[] key = inv.cid().toBytes();
        invocationKeys.add(key);
        read.add(key);
      }
    }
    batch.readAhead(Family.RECEIPTS, receipts);
    batch.readAhead(Family.INVOKERS, invocationKeys);
    batch.readAhead(Family.PENDING, invocationKeys);
    batch.readAhead(Family.VOUCHED, read);
  }

  private void rejected(IndexBatch batch, Prepared.Rejected rejected) {
    ReceiptCheck.Checked checked = rejected.checked();
    ConsumerRecord<byte[], byte[]> r = rejected.record();
    batch.count(Counter.rejected(checked.rejection().errorName()));
    if (reported.add(checked.rejection())) {
      System.err.println("ipvm index: not indexed (" + r.topic() + "/" + r.partition() + "@" + r.offset() + "): "
          + checked.rejection().errorName() + ": " + checked.reason() + " (further ones are counted in /metrics)");
    }
  }

  private void receipt(IndexBatch batch, Prepared.Accepted a) {
    if (batch.hasReceipt(a.cid())) {
      batch.count(Counter.DUPLICATE);
      return;
    }
    batch.addReceipt(a.cid(), a.record().value(), a.ran(), a.task(), a.outputs());
    batch.count(Counter.INDEXED);
    if (readInvocations) {
      invocations.answered(batch, a.ran(), a.ok());
    }
  }

  /** The signed {@code meta.task}; else the record's {@code task} header when it is a CID. */
  static Cid taskId(Receipt receipt, ConsumerRecord<byte[], byte[]> r) {
    Cid task = receipt.taskId();
    if (task != null) {
      return task;
    }
    Header h = r.headers().lastHeader(Headers.TASK);
    if (h == null || h.value() == null || h.value().length == 0) {
      return null;
    }
    try {
      return Cid.parse(new String(h.value(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
