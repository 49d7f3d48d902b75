package dev.ipvm.cli.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What {@code topic list} and {@code status} show of a topic, read with a few batched admin
 * requests: partitions, replication, cleanup policy, the records it holds, and how many came in
 * since a moment (from the offsets for that timestamp).
 *
 * @param records end offset minus start offset, summed over the partitions
 */
record TopicFacts(String name, int partitions, int replication, String cleanup, long records) {

  /** The facts of every topic in {@code names} that exists, in that order. */
  static List<TopicFacts> of(Admin admin, List<String> names) throws ExecutionException, InterruptedException {
    Map<String, TopicDescription> described = new HashMap<>();
    for (String name : names) {
      try {
        described.put(name, admin.describeTopics(List.of(name)).allTopicNames().get().get(name));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    List<ConfigResource> resources = described.keySet().stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    Map<TopicPartition, Long> start = offsets(admin, described, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(admin, described, OffsetSpec.latest());
    List<TopicFacts> out = new ArrayList<>();
    for (String name : names) {
      TopicDescription d = described.get(name);
      if (d == null) {
        continue;
      }
      long records = 0;
      for (var p : d.partitions()) {
        TopicPartition tp = new TopicPartition(name, p.partition());
        records += end.getOrDefault(tp, 0L) - start.getOrDefault(tp, 0L);
      }
      var policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
      out.add(new TopicFacts(name, d.partitions().size(), d.partitions().get(0).replicas().size(),
          policy == null ? "?" : policy.value(), records));
    }
    return out;
  }

  /** Records that came into {@code topic} since {@code sinceMillis}, from the offsets for that timestamp. */
  static long since(Admin admin, TopicDescription topic, long sinceMillis) throws ExecutionException, InterruptedException {
    Map<String, TopicDescription> one = Map.of(topic.name(), topic);
    Map<TopicPartition, Long> then = offsets(admin, one, OffsetSpec.forTimestamp(sinceMillis));
    Map<TopicPartition, Long> end = offsets(admin, one, OffsetSpec.latest());
    long n = 0;
    for (var e : end.entrySet()) {
      long from = then.getOrDefault(e.getKey(), -1L);
      n += from < 0 ? 0 : e.getValue() - from; // -1: nothing since then
    }
    return n;
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, Map<String, TopicDescription> topics, OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    topics.values().forEach(d -> d.partitions().forEach(p -> ask.put(new TopicPartition(d.name(), p.partition()), spec)));
    Map<TopicPartition, Long> out = new HashMap<>();
    if (ask.isEmpty()) {
      return out;
    }
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : admin.listOffsets(ask).all().get().entrySet()) {
      out.put(e.getKey(), e.getValue().offset());
    }
    return out;
  }
}
