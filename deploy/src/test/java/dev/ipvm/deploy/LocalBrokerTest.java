package dev.ipvm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker in a child JVM: produce, consume, restart on the same data, port conflicts. */
class LocalBrokerTest {

  @Test
  void recordsSurviveARestartAndATakenPortIsNamed(@TempDir Path dir) throws Exception {
    TopicPartition tp = new TopicPartition("t", 0);
    int port;
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir).build().start()) {
      port = broker.port();
      assertThat(port).isPositive();
      assertThat(broker.bootstrap()).isEqualTo("127.0.0.1:" + port);
      assertThat(Files.readString(dir.resolve("server.properties")))
          .contains("auto.create.topics.enable=false", "transaction.max.timeout.ms=900000");
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> p = producer(broker.bootstrap())) {
        p.send(new ProducerRecord<>("t", "k", "v")).get();
      }
      assertThat(readAll(broker.bootstrap(), tp)).containsExactly("k=v");

      // a second broker on the same port fails before it spawns anything, naming the port
      LocalBroker second = LocalBroker.builder().dataDir(dir.resolve("second")).port(port).build();
      assertThatThrownBy(second::start).isInstanceOf(IOException.class)
          .hasMessageContaining("port " + port).hasMessageContaining("already in use");
      assertThat(second.isRunning()).isFalse();
    }
    assertThat(Files.readString(dir.resolve("broker.log"))).contains(LocalBroker.STARTED_LINE);

    // a new broker on the same directory keeps the cluster and its records
    String clusterId = Files.readString(dir.resolve("cluster.id")).strip();
    try (LocalBroker again = LocalBroker.builder().dataDir(dir).port(port).build().start()) {
      assertThat(Files.readString(dir.resolve("cluster.id")).strip()).isEqualTo(clusterId);
      assertThat(readAll(again.bootstrap(), tp)).containsExactly("k=v");
    }
  }

  @Test
  void aPortTakenByAnotherProgramFailsWithAClearMessage(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LocalBroker broker = LocalBroker.builder().dataDir(dir).port(taken.getLocalPort()).build();
      assertThatThrownBy(broker::start)
          .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use (another broker, or another"
              + " program?): stop it or choose another port");
      assertThat(broker.isRunning()).isFalse();
    }
  }

  @Test
  void aBrokerThatCannotStartThrowsWithItsLastLogLines(@TempDir Path dir) throws Exception {
    // an invalid setting makes the broker exit at once
    LocalBroker broker = LocalBroker.builder().dataDir(dir).property("num.network.threads", "zero")
        .startTimeout(Duration.ofSeconds(30)).build();
    assertThatThrownBy(broker::start).isInstanceOf(IOException.class)
        .hasMessageContaining("num.network.threads");
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void clusterIdsAreKafkaUuids() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = LocalBroker.newClusterId();
      assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
      ids.add(id);
    }
    assertThat(ids).hasSize(100);
  }

  @Test
  void aDataDirectoryIsRequired() {
    assertThatThrownBy(() -> LocalBroker.builder().build()).hasMessageContaining("data directory");
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, TopicPartition tp) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
      List<String> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.key() + "=" + r.value());
        }
      }
      return out;
    }
  }
}
