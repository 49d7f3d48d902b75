package dev.ipvm.index.ingest;

import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work on a poll's records that needs nothing from the index: decoding, and the receipts'
 * signature checks (nearly all of the ingest's CPU). It runs on a pool of its own, one thread a
 * core, across the records in parallel, and one poll ahead of the writes: while the ingest thread
 * writes one batch, the next is being checked. Batches are still written one at a time, in order,
 * each with its offsets, so the pipeline changes nothing about exactly once.
 */
final class Checks implements AutoCloseable {
  /** A record with its receipt checked, or its invocation decoded (null when it is not one), ahead of indexing. */
  record Prepared(ConsumerRecord<byte[], byte[]> record, ReceiptCheck.Checked receipt, Signed<Invocation> invocation) {}

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
      return new Prepared(r, check.check(r.value()), null);
    }
    return new Prepared(r, null, Invocations.decode(r.value(), r.headers().lastHeader(Headers.CONTENT_TYPE)));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
