package dev.ipvm.index.ingest;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work on a poll's records that needs nothing from the index: decoding, the receipts'
 * signature checks (nearly all of the ingest's CPU), the blocks' hashes and the CIDs every record
 * is filed under ({@link Prepared}). It runs on a pool of its own, one thread a
 * core, across the records in parallel, while the {@link Writer} writes the polls checked before.
 */
final class Checks implements AutoCloseable {
  private final Topics topics;
  private final ReceiptCheck check;
  private final ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

  Checks(Topics topics, ReceiptCheck check) {
    this.topics = topics;
    this.check = check;
  }

  /** Starts checking {@code records}; {@link #await} gives them back in their order. */
  Future<List<Prepared>> submit(List<ConsumerRecord<byte[], byte[]>> records) {
    return pool.submit(() -> records.parallelStream().map(this::prepare).toList());
  }

  /** The checked records of {@code submitted}, once ready. */
  static List<Prepared> await(Future<List<Prepared>> submitted) {
    try {
      return submitted.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking records", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private Prepared prepare(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(topics.receipts())) {
      ReceiptCheck.Checked checked = check.check(r.value());
      return checked.accepted() ? Prepared.Accepted.of(r, checked.receipt()) : new Prepared.Rejected(r, checked);
    }
    if (r.topic().equals(topics.blocks())) {
      return block(r);
    }
    Signed<Invocation> inv = Invocations.decode(r.value(), r.headers().lastHeader(Headers.CONTENT_TYPE));
    return inv == null ? new Prepared.Skipped(r) : Prepared.InvocationRead.of(r, inv);
  }

  /** The record's block when its key is the CID of a raw or dag-pb block its value hashes to, else skipped. */
  private static Prepared block(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null || r.value() == null) {
      return new Prepared.Skipped(r);
    }
    try {
      Cid cid = Cid.parse(new String(r.key(), StandardCharsets.UTF_8));
      boolean kept = cid.codec() == Multicodec.RAW || cid.codec() == Multicodec.DAG_PB;
      return kept && cid.verifies(r.value()) ? new Prepared.Block(r, cid, r.value()) : new Prepared.Skipped(r);
    } catch (RuntimeException e) {
      return new Prepared.Skipped(r);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
