package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.job.kafka.TopicLimits;
import dev.ipvm.testing.TestBroker;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** {@link TopicLimits} against a real broker: what it lets through, the broker takes. */
class TopicLimitsIT {
  static final String PREFIX = "limits-" + UUID.randomUUID().toString().substring(0, 6) + "-";

  @Test
  void everyRecordItLetsThroughTheBrokerTakesAndItRefusesWhatTheBrokerRefuses() throws Exception {
    String bootstrap = TestBroker.bootstrap();
    String topic = PREFIX + "small";
    int max = 20_000;
    TestBroker.createTopics(new NewTopic(topic, 1, (short) 1)
        .configs(Map.of("max.message.bytes", Integer.toString(max))));
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "0");
    p.put("max.request.size", Integer.toString(16 << 20));
    int passed = 0;
    int refused = 0;
    try (TopicLimits limits = new TopicLimits(bootstrap);
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int n = max - 300; n <= max + 50; n += 7) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("task", "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy".getBytes());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, null, "key".getBytes(), new byte[n], headers);
        TopicLimits.Refusal verdict = limits.check(r);
        boolean taken;
        try {
          producer.send(r).get();
          taken = true;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(RecordTooLargeException.class);
          taken = false;
        }
        if (verdict == null) {
          passed++;
          assertThat(taken).as("a %d-byte value it let through", n).isTrue();
        } else {
          refused++;
          assertThat(verdict.name()).isEqualTo("TooLarge");
          assertThat(verdict.message()).contains("max.message.bytes").contains(Integer.toString(max));
        }
        if (!taken) {
          assertThat(verdict).as("a %d-byte value the broker refused", n).isNotNull();
        }
      }
    }
    assertThat(passed).as("values that fit").isPositive();
    assertThat(refused).as("values that do not").isPositive();
  }

  @Test
  void missingInternalCompactedAndMisnamedTopicsAreNamed() throws Exception {
    String bootstrap = TestBroker.bootstrap();
    String compacted = PREFIX + "compacted";
    TestBroker.createTopics(new NewTopic(compacted, 1, (short) 1)
        .configs(Map.of("cleanup.policy", "compact")));
    byte[] v = "v".getBytes();
    try (TopicLimits limits = new TopicLimits(bootstrap)) {
      assertThat(limits.check(PREFIX + "missing", null, v, new RecordHeaders().toArray()).name()).isEqualTo("UnknownTopic");
      assertThat(limits.check("__consumer_offsets", null, v, new RecordHeaders().toArray()).name())
          .isEqualTo("DestinationDenied");
      assertThat(limits.check(compacted, null, v, new RecordHeaders().toArray()).name()).isEqualTo("InvalidArgs");
      assertThat(limits.check(compacted, "k".getBytes(), v, new RecordHeaders().toArray())).isNull();
      assertThat(limits.check("no spaces allowed", null, v, new RecordHeaders().toArray()).name()).isEqualTo("InvalidArgs");
      assertThat(limits.check(compacted, "k".getBytes(), new byte[17 << 20], new RecordHeaders().toArray()).message())
          .contains("the job's producer sends at most");
    }
  }
}
