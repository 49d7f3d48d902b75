package dev.ipvm.cli;

import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One real KRaft broker (and an admin client) for every test in this JVM, started on first use
 * and stopped at exit. Test classes keep apart through topic prefixes.
 */
final class TestBroker {
  private static LocalBroker broker;
  private static Admin admin;

  private TestBroker() {}

  static synchronized LocalBroker broker() {
    if (broker == null) {
      try {
        broker = LocalBroker.builder().dataDir(Files.createTempDirectory("ipvm-cli-test-broker-")).build().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        admin.close();
        broker.close();
      }));
    }
    return broker;
  }

  static synchronized Admin admin() {
    broker();
    return admin;
  }

  /**
   * The deployment's topics under a fresh prefix, as the job would create them (blocks
   * compacted, records up to the client's largest request).
   */
  static Topics freshTopics(String prefixLetter, int invocationPartitions) throws Exception {
    Topics t = Topics.DEFAULT.prefixed(prefixLetter + UUID.randomUUID().toString().substring(0, 8) + ".");
    Map<String, String> big = Map.of("max.message.bytes", String.valueOf(Kafka.MAX_REQUEST_BYTES));
    admin().createTopics(List.of(
        new NewTopic(t.invocations(), invocationPartitions, (short) 1).configs(big),
        new NewTopic(t.receipts(), 2, (short) 1).configs(big),
        new NewTopic(t.blocks(), 1, (short) 1).configs(Map.of("max.message.bytes",
            String.valueOf(Kafka.MAX_REQUEST_BYTES), "cleanup.policy", "compact")),
        new NewTopic(t.feedback(), 1, (short) 1),
        new NewTopic(t.dlq(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    // Created is not yet known everywhere: a command's own admin client may ask a broker whose
    // metadata has not caught up, and be told the topic does not exist. Wait until it is described.
    List<String> names = List.of(t.invocations(), t.receipts(), t.blocks(), t.feedback(), t.dlq());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin().describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        return t;
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
