package dev.ipvm.cli.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reading a topic from the CLI: every partition assigned (no consumer group), from the end as of
 * now (to wait for what comes next) or from the start up to the end as of now (a scan).
 */
public final class TopicReads {
  private TopicReads() {}

  /** Every partition of {@code topic}. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Kafka.API_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  /**
   * Assigns every partition of {@code topic} to the consumer, positioned at its current end: what
   * is published after this call (a receipt for an invocation not yet sent) cannot be missed.
   */
  public static List<TopicPartition> followFromEnd(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(tp -> consumer.position(tp, Kafka.API_TIMEOUT));
    return partitions;
  }

  /**
   * Reads every committed record of {@code topic} from its start to its end as of this call,
   * handing each to {@code each}; see {@link #readUntil}.
   */
  public static void readFromStart(KafkaConsumer<String, byte[]> consumer, String topic, String bootstrap,
      Predicate<ConsumerRecord<String, byte[]>> each) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    readUntil(consumer, consumer.endOffsets(partitions, Kafka.API_TIMEOUT), topic, bootstrap, each);
  }

  /**
   * Polls from the consumer's positions until every partition reaches {@code end}, handing each
   * record to {@code each}; false as soon as {@code each} returns false.
   *
   * @throws IllegalStateException when no record comes for {@link #Kafka.API_TIMEOUT} while some remain
   */
  public static boolean readUntil(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, String topic,
      String bootstrap, Predicate<ConsumerRecord<String, byte[]>> each) {
    long idleSince = System.nanoTime();
    while (!reached(consumer, end)) {
      var records = consumer.poll(Duration.ofMillis(200));
      if (!records.isEmpty()) {
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince > Kafka.API_TIMEOUT.toNanos()) {
        throw new IllegalStateException("reading " + topic + " on " + bootstrap + " made no progress for "
            + Kafka.API_TIMEOUT.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> r : records) {
        if (!each.test(r)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Kafka.API_TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
