package dev.ipvm.index.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.index.Receipts;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: polls written in the order read, whatever order their checks end in; a failure stops the reader. */
class WriterTest {
  private final Receipts receipts = new Receipts();
  private final Topics topics = Topics.DEFAULT;
  private final ReceiptCheck check = new ReceiptCheck(new Trust(Set.of(receipts.executor.did().toString())));

  @Test
  void aPollIsNotWrittenBeforeTheOnesReadBeforeIt(@TempDir Path dir) throws Exception {
    IngestStatus status = new IngestStatus();
    try (IndexStore store = IndexStore.open(dir, false); Checks checks = new Checks(topics, check);
        Writer writer = new Writer(new PollIndexer(store, topics, null, false), null, status)) {
      CompletableFuture<List<Prepared>> first = new CompletableFuture<>();
      Future<List<Prepared>> second = checks.submit(List.of(receipt(1)));
      Future<List<Prepared>> third = checks.submit(List.of(receipt(2)));
      writer.submit(first);
      writer.submit(second);
      writer.submit(third);
      Checks.await(third);
      Thread.sleep(300);
      // the later polls are checked, but writing them (and their offsets) first would skip offset 0 after a crash
      assertThat(store.counter(Counter.INDEXED)).isZero();
      assertThat(store.offsets()).isEmpty();
      assertThat(status.unwritten()).as("polls read, not written (/metrics, /health)").isEqualTo(3);

      first.complete(Checks.await(checks.submit(List.of(receipt(0)))));
      waitFor(() -> store.counter(Counter.INDEXED) == 3);
      assertThat(store.offsets()).isEqualTo(Map.of(topics.receipts() + "/0", 3L));
      waitFor(() -> status.unwritten() == 0);
    }
  }

  @Test
  void theReaderWaitsWhenPollsPileUpUnwritten(@TempDir Path dir) throws Exception {
    try (IndexStore store = IndexStore.open(dir, false); Checks checks = new Checks(topics, check);
        Writer writer = new Writer(new PollIndexer(store, topics, null, false), null, new IngestStatus())) {
      List<CompletableFuture<List<Prepared>>> polls = new java.util.ArrayList<>();
      for (int i = 0; i < Writer.IN_FLIGHT + 3; i++) {
        polls.add(new CompletableFuture<>());
      }
      java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
      Thread reader = new Thread(() -> {
        try {
          for (CompletableFuture<List<Prepared>> p : polls) {
            writer.submit(p);
            submitted.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      reader.start();
      Thread.sleep(500);
      // the first is being awaited by the writer, IN_FLIGHT more wait in its queue: the rest wait with the reader
      assertThat(submitted.get()).isBetween(Writer.IN_FLIGHT, Writer.IN_FLIGHT + 1);
      assertThat(reader.isAlive()).isTrue();
      for (int i = 0; i < polls.size(); i++) {
        polls.get(i).complete(Checks.await(checks.submit(List.of(receipt(i)))));
      }
      reader.join(10_000);
      assertThat(submitted.get()).isEqualTo(polls.size());
      waitFor(() -> store.counter(Counter.INDEXED) == polls.size());
    }
  }

  @Test
  void aFailedPollStopsTheReaderWithItsCause(@TempDir Path dir) throws Exception {
    try (IndexStore store = IndexStore.open(dir, false);
        Writer writer = new Writer(new PollIndexer(store, topics, null, false), null, new IngestStatus())) {
      writer.submit(CompletableFuture.failedFuture(new IllegalStateException("the checks broke")));
      waitFor(() -> {
        try {
          writer.rethrow();
          return false;
        } catch (IllegalStateException e) {
          return true;
        }
      });
      assertThatThrownBy(writer::rethrow).hasMessageContaining("the checks broke");
      // the reader, blocked on a full queue or not, is told too and reads no further
      assertThatThrownBy(() -> {
        for (int i = 0; i <= Writer.IN_FLIGHT; i++) {
          writer.submit(new CompletableFuture<>());
        }
      }).hasMessageContaining("the checks broke");
      assertThat(store.offsets()).isEmpty();
    }
  }

  private ConsumerRecord<byte[], byte[]> receipt(long offset) {
    return new ConsumerRecord<>(topics.receipts(), 0, offset, null, receipts.receipt(receipts.invocation(offset), offset).bytes());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
