package dev.ipvm.cli;

import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The deployment's topics on the shared test broker ({@link TestBroker}) under fresh prefixes, and
 * the CLI pointed at them: what the tests of the Kafka commands share.
 */
final class TestDeployment {
  private TestDeployment() {}

  /**
   * The deployment's topics under a fresh prefix, as the job would create them (blocks
   * compacted, records up to the client's largest request).
   */
  static Topics freshTopics(String prefixLetter, int invocationPartitions) throws Exception {
    Topics t = Topics.DEFAULT.prefixed(prefixLetter + UUID.randomUUID().toString().substring(0, 8) + ".");
    Map<String, String> big = Map.of("max.message.bytes", String.valueOf(Kafka.MAX_REQUEST_BYTES));
    TestBroker.createTopics(
        new NewTopic(t.invocations(), invocationPartitions, (short) 1).configs(big),
        new NewTopic(t.receipts(), 2, (short) 1).configs(big),
        new NewTopic(t.blocks(), 1, (short) 1).configs(Map.of("max.message.bytes",
            String.valueOf(Kafka.MAX_REQUEST_BYTES), "cleanup.policy", "compact")),
        new NewTopic(t.feedback(), 1, (short) 1),
        new NewTopic(t.dlq(), 1, (short) 1));
    return t;
  }

  /** The {@code --topic-prefix} of {@code t}. */
  static String prefix(Topics t) {
    return t.invocations().substring(0, t.invocations().indexOf("ipvm."));
  }

  /** {@code ipvm ARGS...} against the test broker and {@code t}. */
  static CliTest.Result ipvm(Topics t, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix(t)));
    return CliTest.run("", all.toArray(String[]::new));
  }

  /** Every record on {@code topic} up to its end now, read at {@code isolation}. */
  static List<ConsumerRecord<String, byte[]>> readAll(String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      return out;
    }
  }
}
