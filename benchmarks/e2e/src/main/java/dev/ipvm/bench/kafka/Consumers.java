package dev.ipvm.bench.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Consumers as the benchmarks read receipts: read_committed, without a group. */
public final class Consumers {
  private Consumers() {}

  /**
   * A read_committed consumer of every partition of {@code topic}, positioned at its end as of
   * this call, so nothing published afterwards (the receipts of what is sent next) is missed.
   */
  public static KafkaConsumer<byte[], byte[]> atEnd(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("fetch.max.wait.ms", "20");
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position); // resolve the end offsets now, before anything is published
    return c;
  }

  /**
   * Hands every record of {@code topic} (read_uncommitted: the job's feedback topic is not
   * transactional) to {@code each}, from the start to the end offsets as of this call.
   */
  public static void readAll(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(100)).forEach(each);
      }
    }
  }
}
