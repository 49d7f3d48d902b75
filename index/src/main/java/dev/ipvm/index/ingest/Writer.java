package dev.ipvm.index.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The serial end of the ingest: writes the polls {@link Checks} prepared, in the order they were
 * read, on a thread of its own. With the writes on the polling thread, reading, checking and
 * writing took turns: on 2 cores the checks sat idle a third of the time waiting for a write, and
 * the writes for the checks. Now the reader keeps the checks fed while a batch is written, and the
 * writer merges the polls whose checks are done into one batch (one write, one offset per
 * partition), up to {@link #MAX_BATCH} records. At most {@link #IN_FLIGHT} polls wait here; then
 * the reader waits, so memory stays bounded when the writes fall behind.
 *
 * <p>Exactly once is unchanged: batches are written one at a time, in order, each with the
 * offsets it was read up to, and what was read but not written when the process stops is read
 * again from those offsets.
 */
final class Writer implements AutoCloseable {
  /** Records written in one batch at most. */
  static final int MAX_BATCH = 5000;
  /** Polls read and not yet written at most. */
  static final int IN_FLIGHT = 8;
  /** How long the writer waits for a poll before it sweeps the held invocations. */
  private static final Duration IDLE = Duration.ofMillis(100);

  private final PollIndexer indexer;
  private final Invocations invocations;
  private final IngestStatus status;
  private final BlockingQueue<Future<List<Prepared>>> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
  private final Thread thread;
  private volatile boolean closing;
  private volatile Throwable failure;

  /** Starts writing; {@code invocations} is null when they are not read (nothing to sweep). */
  Writer(PollIndexer indexer, Invocations invocations, IngestStatus status) {
    this.indexer = indexer;
    this.invocations = invocations;
    this.status = status;
    this.thread = new Thread(this::loop, "ipvm-index-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a poll being checked, waiting while {@link #IN_FLIGHT} are queued; throws when the writer failed. */
  void submit(Future<List<Prepared>> poll) throws InterruptedException {
    rethrow();
    while (!queue.offer(poll, IDLE.toMillis(), TimeUnit.MILLISECONDS)) {
      rethrow();
      if (closing) {
        return;
      }
    }
    status.unwritten(1);
  }

  /** Throws why the writer stopped, when it failed. */
  void rethrow() {
    Throwable e = failure;
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  private void loop() {
    try {
      while (!closing) {
        Future<List<Prepared>> next = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        if (next != null) {
          List<Prepared> batch = new ArrayList<>(Checks.await(next));
          int polls = 1;
          // the polls checked meanwhile go into the same batch
          for (Future<List<Prepared>> done = queue.peek(); done != null && done.isDone() && batch.size() < MAX_BATCH;
              done = queue.peek()) {
            batch.addAll(Checks.await(queue.poll()));
            polls++;
          }
          indexer.index(batch);
          status.unwritten(-polls);
        }
        if (invocations != null) {
          invocations.sweep();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      if (!closing) {
        failure = e;
      }
    }
  }

  /** Stops after the batch being written, if any; polls queued and not written are read again on the next start. */
  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
