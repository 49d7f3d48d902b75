package dev.ipvm.testing;

import dev.ipvm.deploy.LocalBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One real KRaft broker (and an admin client) for every test in this JVM, started on first use
 * and stopped at exit. Test classes keep apart through topic prefixes.
 */
public final class TestBroker {
  private static LocalBroker broker;
  private static Admin admin;

  private TestBroker() {}

  public static synchronized LocalBroker broker() {
    if (broker == null) {
      try {
        broker = LocalBroker.builder().dataDir(Files.createTempDirectory("ipvm-test-broker-")).port(0).build().start();
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

  public static String bootstrap() {
    return broker().bootstrap();
  }

  public static synchronized Admin admin() {
    broker();
    return admin;
  }

  /** Creates {@code topics} on this broker, returning once the broker describes them. */
  public static void createTopics(NewTopic... topics) throws Exception {
    TestTopics.create(admin(), topics);
  }
}
