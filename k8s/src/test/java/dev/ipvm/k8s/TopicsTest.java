package dev.ipvm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.topic.Topics;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every topic the job uses has its KafkaTopic, with the settings the job's TopicSetup would have
 * given it. The names come from the job: each role of {@link Topics} (a record component, so a
 * new role is seen here without anyone listing it) under the deployment's own settings
 * ({@code topics.prefix} included).
 */
class TopicsTest {
  /**
   * Which roles are compacted and kept forever, and which are read whole by every intake
   * instance (one partition, in order). TopicSetup.ensure decides both only in its calls to a
   * broker, so this mirrors it; {@link #everyRoleIsDecidedHere} fails when Topics gains a role
   * nobody has decided for.
   */
  static final Map<String, Boolean> COMPACTED = Map.of(
      "invocations", false, "receipts", false, "feedback", false, "dlq", false,
      "blocks", true, "delegations", true, "revocations", true);
  static final Map<String, Boolean> SINGLE_PARTITION = Map.of(
      "invocations", false, "receipts", false, "feedback", false, "dlq", false,
      "blocks", false, "delegations", true, "revocations", true);

  @Test
  void everyRoleIsDecidedHere() {
    var roles = Arrays.stream(Topics.class.getRecordComponents()).map(RecordComponent::getName)
        .collect(Collectors.toSet());
    assertThat(COMPACTED.keySet()).isEqualTo(roles);
    assertThat(SINGLE_PARTITION.keySet()).isEqualTo(roles);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void everyTopicOfTheJobHasAKafkaTopicAndNoOtherIsThere(String target) {
    Manifests m = Kustomize.render(target);
    Map<String, String> byRole = topicsByRole(JobArgs.of(m.one("FlinkDeployment")).config().topics());
    assertThat(kafkaTopics(m).keySet()).containsExactlyInAnyOrderElementsOf(byRole.values());
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void eachTopicHasTheSettingsOfItsRole(String target) {
    Manifests m = Kustomize.render(target);
    var config = JobArgs.of(m.one("FlinkDeployment")).config();
    Map<String, JsonNode> topics = kafkaTopics(m);
    topicsByRole(config.topics()).forEach((role, name) -> {
      String what = target + " " + name;
      assertThat(topics).as(what + ": its KafkaTopic").containsKey(name);
      JsonNode spec = topics.get(name).path("spec");
      JsonNode c = spec.path("config");
      // records up to the size the job writes (Wasm modules in blocks, proofs in headers)
      assertThat(Long.parseLong(c.path("max.message.bytes").asString())).as(what)
          .isGreaterThanOrEqualTo(TopicSetup.MAX_MESSAGE_BYTES);
      if (COMPACTED.get(role)) {
        assertThat(c.path("cleanup.policy").asString()).as(what).isEqualTo("compact");
        assertThat(c.path("retention.ms").asString()).as(what + ": kept forever").isEqualTo("-1");
      } else {
        assertThat(c.path("cleanup.policy").asString("delete")).as(what).isEqualTo("delete");
        assertThat(Long.parseLong(c.path("retention.ms").asString())).as(what + ": bounded retention").isPositive();
      }
      int partitions = spec.path("partitions").asInt();
      if (SINGLE_PARTITION.get(role)) {
        assertThat(partitions).as(what + ": read in order").isEqualTo(1);
      } else {
        assertThat(partitions).as(what + ": a partition per source subtask at least").isGreaterThanOrEqualTo(
            config.parallelism());
      }
    });
  }

  /** role -> topic name, e.g. receipts -> ipvm.receipts. */
  static Map<String, String> topicsByRole(Topics topics) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : Topics.class.getRecordComponents()) {
      try {
        out.put(c.getName(), (String) c.getAccessor().invoke(topics));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** topic name (spec.topicName, else metadata.name as Strimzi does) -> KafkaTopic. */
  static Map<String, JsonNode> kafkaTopics(Manifests m) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode t : m.all("KafkaTopic")) {
      String name = t.path("spec").path("topicName").asString(t.path("metadata").path("name").asString());
      assertThat(out.put(name, t)).as(m + ": topic " + name + " declared twice").isNull();
    }
    return out;
  }
}
