package dev.ipvm.job.blocks;

import dev.ipvm.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks by CID, read from the compacted blocks topic: one consumer per TaskManager (shared by
 * every executor in the process) follows the topic from its start, checks each block against
 * its CID and files it in a local folder. {@link #get} answers at once for a known block and
 * otherwise when the block arrives.
 *
 * <p>Blocks live on disk, not on the heap: the Wasm runtime keeps compiled modules by CID, so
 * bytes are read only to compile a module the first time.
 */
public final class BlockStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);
  private static final Map<String, BlockStore> SHARED = new HashMap<>();

  private final String sharedKey;
  private final String bootstrap;
  private final String topic;
  private final Path dir;
  /** Blocks someone waits for, and since when: hostile input names CIDs that never come. */
  private final Map<Cid, Pending> waiting = new ConcurrentHashMap<>();
  private final long forgetAfterNanos;
  private long nextExpiry;
  private final Thread follower;
  private final AtomicLong rejected = new AtomicLong();
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private int users;

  private record Pending(CompletableFuture<byte[]> future, long sinceNanos) {}

  private BlockStore(String sharedKey, String bootstrap, String topic, Path dir, Duration forgetAfter) {
    this.forgetAfterNanos = forgetAfter.toNanos();
    this.nextExpiry = System.nanoTime();
    this.sharedKey = sharedKey;
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.dir = dir;
    this.follower = new Thread(this::follow, "ipvm-blocks-" + topic);
    follower.setDaemon(true);
  }

  /**
   * The process's store for this topic, started on first use; {@link #close} when done.
   *
   * @param maxWait the longest any caller waits for a block: a wait older than twice this is
   *     forgotten
   */
  public static BlockStore acquire(String bootstrap, String topic, String blocksDir, Duration maxWait) {
    String key = bootstrap + "/" + topic;
    synchronized (SHARED) {
      BlockStore store = SHARED.get(key);
      if (store == null) {
        Path dir;
        try {
          dir = blocksDir.isEmpty()
              ? Files.createTempDirectory("ipvm-blocks-")
              : Files.createDirectories(Path.of(blocksDir).resolve(topic));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create the blocks folder", e);
        }
        store = new BlockStore(key, bootstrap, topic, dir, maxWait.multipliedBy(2));
        store.follower.start();
        SHARED.put(key, store);
      }
      store.users++;
      return store;
    }
  }

  /** The block's bytes, now or when it arrives; the caller bounds the wait. */
  public CompletableFuture<byte[]> get(Cid cid) {
    byte[] known = read(cid);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<byte[]> f = waiting.computeIfAbsent(cid, c -> new Pending(new CompletableFuture<>(), System.nanoTime()))
        .future();
    known = read(cid); // it may have landed between the first look and the registration
    if (known != null) {
      f.complete(known);
    }
    return f.thenApply(b -> b); // a future of the caller's own: its timeout must not fail the shared one
  }

  /** Blocks whose bytes did not hash to their key (or whose key was no CID): dropped. */
  public long rejected() {
    return rejected.get();
  }

  private Path file(Cid cid) {
    return dir.resolve(cid.toString());
  }

  private byte[] read(Cid cid) {
    try {
      return Files.readAllBytes(file(cid));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void follow() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(32 << 20));
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      this.consumer = consumer;
      List<TopicPartition> assigned = List.of();
      long nextDiscovery = 0;
      while (running) {
        try {
          if (System.currentTimeMillis() >= nextDiscovery) {
            List<TopicPartition> now = partitions(consumer);
            if (!now.equals(assigned)) {
              List<TopicPartition> added = new ArrayList<>(now);
              added.removeAll(assigned);
              consumer.assign(now);
              consumer.seekToBeginning(added);
              assigned = now;
            }
            nextDiscovery = System.currentTimeMillis() + 10_000;
          }
          if (assigned.isEmpty()) {
            Thread.sleep(500);
            nextDiscovery = 0;
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            accept(r.key(), r.value());
          }
          expireWaits();
        } catch (InterruptedException e) {
          return;
        } catch (org.apache.kafka.common.errors.WakeupException e) {
          if (!running) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.warn("reading {} failed; retrying: {}", topic, e.toString());
          sleepQuietly();
        }
      }
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> out = new ArrayList<>();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    if (infos != null) {
      for (PartitionInfo i : infos) {
        out.add(new TopicPartition(topic, i.partition()));
      }
    }
    out.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    return out;
  }

  /** Files one block if its bytes hash to its key. Exposed for tests of the verification. */
  void accept(byte[] key, byte[] value) {
    if (key == null || value == null) {
      return; // a tombstone: blocks are immutable, nothing to forget
    }
    Cid cid;
    try {
      cid = Cid.parse(new String(key, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      rejected.incrementAndGet();
      LOG.warn("dropped a block whose key is not a CID: {}", e.getMessage());
      return;
    }
    if (!cid.verifies(value)) {
      rejected.incrementAndGet();
      LOG.warn("dropped block {}: its {} bytes do not hash to it", cid, value.length);
      return;
    }
    try {
      if (!Files.exists(file(cid))) {
        Path tmp = Files.createTempFile(dir, "incoming-", ".tmp");
        Files.write(tmp, value);
        try {
          Files.move(tmp, file(cid), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file(cid), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store block " + cid, e);
    }
    Pending w = waiting.remove(cid);
    if (w != null) {
      w.future().complete(value);
    }
  }

  /** Forgets waits that every caller has given up on (each bounds its own wait). */
  private void expireWaits() {
    long now = System.nanoTime();
    if (now - nextExpiry < 0) {
      return;
    }
    nextExpiry = now + 5_000_000_000L;
    waiting.entrySet().removeIf(e -> now - e.getValue().sinceNanos() > forgetAfterNanos);
  }

  /** How many blocks someone is waiting for (for tests and metrics). */
  int waitingFor() {
    return waiting.size();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (SHARED) {
      if (--users > 0) {
        return;
      }
      SHARED.remove(sharedKey);
    }
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup(); // the follower leaves its poll and closes the consumer itself
    }
  }
}
