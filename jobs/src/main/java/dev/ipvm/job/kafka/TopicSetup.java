package dev.ipvm.job.kafka;

import dev.ipvm.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the job's topics where they are missing, with the settings each role needs. */
public final class TopicSetup {
  /** Largest record on any IPVM topic (blocks carry Wasm modules). */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  private TopicSetup() {}

  /**
   * Creates missing topics, replication {@code replication}: {@code partitions} each, but one for
   * delegations and revocations; blocks, delegations and revocations compacted and kept forever,
   * the rest kept 7 days.
   *
   * @return the names of the topics that were created
   */
  public static List<String> ensure(String bootstrap, Topics topics, int partitions, short replication)
      throws ExecutionException, InterruptedException, TimeoutException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      Map<String, String> retained = Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES),
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000));
      Map<String, String> compacted = Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES),
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.RETENTION_MS_CONFIG, "-1");
      List<NewTopic> wanted = new ArrayList<>();
      for (String t : List.of(topics.invocations(), topics.receipts(), topics.feedback(), topics.dlq())) {
        wanted.add(new NewTopic(t, partitions, replication).configs(retained));
      }
      // the authority topics are read whole by every intake instance: one partition keeps them in order
      wanted.add(new NewTopic(topics.blocks(), partitions, replication).configs(compacted));
      wanted.add(new NewTopic(topics.delegations(), 1, replication).configs(compacted));
      wanted.add(new NewTopic(topics.revocations(), 1, replication).configs(compacted));
      wanted.removeIf(t -> existing.contains(t.name()));
      if (!wanted.isEmpty()) {
        admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
      }
      return wanted.stream().map(NewTopic::name).toList();
    }
  }
}
