package dev.ipvm.index.ingest;

import dev.ipvm.index.store.IndexStore;
import dev.ipvm.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the receipts topic (and the invocations topic, for who invoked) read_committed, hands each
 * poll to {@link Checks} and then to the {@link Writer}, which indexes it in one batch
 * ({@link PollIndexer}) together with the offsets it was read up to. Partitions are
 * assigned by hand and sought to the offsets in the index, with no consumer group and no offset
 * commits to Kafka, so after a crash it resumes exactly after the last batch written: no receipt is
 * lost or indexed twice. Partitions added to a topic are assigned as they appear, from their start.
 */
public final class Ingestor implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);
  /** How often the topics' partitions are looked up again, so that added ones are read. */
  static final Duration PARTITION_REFRESH = Duration.ofSeconds(5);
  private final String bootstrap;
  private final Topics topics;
  private final boolean readInvocations;
  private final boolean readBlocks;
  private final IndexStore store;
  private final ReceiptCheck check;
  private final Invocations invocations;
  private final PollIndexer indexer;
  private final IngestStatus status = new IngestStatus();
  private volatile boolean stopping;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /** How long an invocation is held for a trusted ok receipt to vouch for it, unless said otherwise. */
  public static final Duration DEFAULT_INVOCATION_WAIT = Duration.ofSeconds(5);

  /**
   * What is read besides the receipts topic.
   *
   * @param invocations the invocations topic, for who invoked and the explorer's args
   * @param blocks the blocks topic: raw and dag-pb blocks are kept, for the explorer's images
   * @param invocationWait how long an invocation read is held, not indexed, for a trusted {@code ok}
   *     receipt to vouch for its signature; then it is verified on its own ({@link Invocations})
   */
  public record Reading(boolean invocations, boolean blocks, Duration invocationWait) {}

  public Ingestor(String bootstrap, Topics topics, boolean readInvocations, IndexStore store, ReceiptCheck check) {
    this(bootstrap, topics, store, check, new Reading(readInvocations, true, DEFAULT_INVOCATION_WAIT));
  }

  public Ingestor(String bootstrap, Topics topics, IndexStore store, ReceiptCheck check, Reading reading) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.readInvocations = reading.invocations();
    this.readBlocks = reading.blocks();
    this.store = store;
    this.check = check;
    this.invocations = new Invocations(store, reading.invocationWait(), check.verifier());
    this.indexer = new PollIndexer(store, topics, invocations, readInvocations);
    status.verifier(check.verifier().toString());
  }

  public IngestStatus status() {
    return status;
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties()); Checks checks = new Checks(topics, check);
        Writer writer = new Writer(indexer, readInvocations ? invocations : null, status)) {
      consumer = c;
      if (stopping) {
        return;
      }
      List<String> read = new ArrayList<>(List.of(topics.receipts()));
      List<String> optional = new ArrayList<>();
      if (readInvocations) {
        optional.add(topics.invocations());
      }
      if (readBlocks) {
        optional.add(topics.blocks());
      }
      read.addAll(optional);
      // the receipts topic is waited for; the others are read once they exist (the refresh finds them)
      List<TopicPartition> partitions = new ArrayList<>(partitions(c, topics.receipts()));
      partitions.addAll(current(c, optional));
      assign(c, partitions, partitions);
      long nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
      status.assigned();
      while (!stopping) {
        writer.rethrow();
        ConsumerRecords<byte[], byte[]> polled = c.poll(POLL);
        if (!polled.isEmpty()) {
          List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
          polled.forEach(records::add);
          writer.submit(checks.submit(records));
        }
        lag(c, partitions);
        if (System.nanoTime() > nextRefresh) {
          partitions = refreshed(c, read, partitions);
          nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WakeupException e) {
      if (!stopping) {
        status.failed(e);
        throw e;
      }
    } catch (RuntimeException | Error e) {
      status.failed(e);
      throw e;
    }
  }

  /**
   * Assigns {@code all}, and seeks each of {@code added} to the offset stored in the index with the
   * data (its start when none: a partition never read, or one added to the topic since).
   */
  private void assign(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> all, List<TopicPartition> added) {
    c.assign(all);
    Map<String, Long> offsets = store.offsets();
    for (TopicPartition tp : added) {
      Long next = offsets.get(tp.topic() + "/" + tp.partition());
      if (next != null) {
        c.seek(tp, next);
      } else {
        c.seekToBeginning(List.of(tp));
      }
    }
  }

  /**
   * The partitions of {@code topics} now, assigning the ones added since {@code current}: a topic
   * given more partitions while the index runs is read in full without a restart. The consumer's
   * metadata is at most {@link #PARTITION_REFRESH} old ({@code metadata.max.age.ms}).
   */
  private List<TopicPartition> refreshed(KafkaConsumer<byte[], byte[]> c, List<String> topics, List<TopicPartition> current) {
    List<TopicPartition> now = current(c, topics);
    List<TopicPartition> added = now.stream().filter(tp -> !current.contains(tp)).toList();
    if (added.isEmpty()) {
      return current;
    }
    List<TopicPartition> all = new ArrayList<>(current);
    all.addAll(added);
    System.err.println("ipvm index: reading the partitions added since it started: " + added);
    assign(c, all, added);
    return all;
  }

  /** The partitions of {@code topics} as the consumer's metadata has them (none for a topic that does not exist). */
  private static List<TopicPartition> current(KafkaConsumer<byte[], byte[]> c, List<String> topics) {
    List<TopicPartition> now = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null) {
        infos.forEach(p -> now.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    return now;
  }

  /** Stops the loop after the batch in hand is written (or not begun). */
  public void stop() {
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
    boolean said = false;
    while (!stopping) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (!said) {
        System.err.println("ipvm index: waiting for topic " + topic + " on " + bootstrap);
        said = true;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
    throw new WakeupException();
  }

  private void lag(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
    Map<String, Long> sums = new java.util.HashMap<>();
    for (TopicPartition tp : partitions) {
      var lag = c.currentLag(tp);
      sums.merge(tp.topic(), lag.isPresent() ? lag.getAsLong() : 0L, Long::sum);
    }
    sums.forEach(status::lag);
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(PARTITION_REFRESH.toMillis()));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ipvm-index");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
