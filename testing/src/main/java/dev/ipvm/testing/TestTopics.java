package dev.ipvm.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Topic creation for tests: created, and known to the broker, before the test goes on. */
public final class TestTopics {
  private TestTopics() {}

  /** Creates {@code topics} on the broker at {@code bootstrap} (the shared one or a test's own). */
  public static void create(String bootstrap, NewTopic... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      create(admin, topics);
    }
  }

  /** Creates {@code topics} through {@code admin}, returning once the broker describes them. */
  public static void create(Admin admin, NewTopic... topics) throws Exception {
    admin.createTopics(Arrays.asList(topics)).all().get(30, TimeUnit.SECONDS);
    // Created is not yet known everywhere: another admin client (a command's own) may ask a broker
    // whose metadata has not caught up, and be told the topic does not exist. Wait until it is described.
    List<String> names = Arrays.stream(topics).map(NewTopic::name).toList();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
