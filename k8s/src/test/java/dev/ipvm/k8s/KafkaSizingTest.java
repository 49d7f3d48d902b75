package dev.ipvm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The Kafka cluster can hold what is asked of it: no topic wants more replicas than there are
 * brokers, a write needs fewer in-sync replicas than exist (one broker may be down), and the
 * internal topics the job's transactions depend on can be created at all. Strimzi accepts such
 * mistakes; the job then fails at its first transaction or its first write.
 */
class KafkaSizingTest {

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void nodePoolsAndTopicsBelongToTheKafkaAndTheTopicOperatorRuns(String target) {
    Manifests m = Kustomize.render(target);
    String cluster = m.one("Kafka").path("metadata").path("name").asString();
    for (JsonNode r : concat(m.all("KafkaNodePool"), m.all("KafkaTopic"))) {
      assertThat(r.path("metadata").path("labels").path("strimzi.io/cluster").asString())
          .as(target + " " + Manifests.id(r)).isEqualTo(cluster);
    }
    // without the topic operator, KafkaTopics are ignored
    assertThat(m.one("Kafka").path("spec").path("entityOperator").has("topicOperator")).isTrue();
    // a KRaft quorum needs a majority: an odd number of controllers
    assertThat(nodes(m, "controller") % 2).as(target + ": controllers").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void topicReplicationFitsTheBrokers(String target) {
    Manifests m = Kustomize.render(target);
    int brokers = nodes(m, "broker");
    JsonNode brokerConfig = m.one("Kafka").path("spec").path("kafka").path("config");
    int defaultMinIsr = intOr(brokerConfig.path("min.insync.replicas"), 1);
    short jobReplication = JobArgs.of(m.one("FlinkDeployment")).replication();
    for (JsonNode t : m.all("KafkaTopic")) {
      String what = target + " " + Manifests.id(t);
      int replicas = t.path("spec").path("replicas").asInt();
      int minIsr = intOr(t.path("spec").path("config").path("min.insync.replicas"), defaultMinIsr);
      assertThat(replicas).as(what + ": replicas").isBetween(1, brokers);
      // if the job starts first, its TopicSetup creates the topic: with the same replication
      assertThat((int) jobReplication).as(what + ": the job's --replication").isEqualTo(replicas);
      assertThat(minIsr).as(what + ": min.insync.replicas").isBetween(1, Math.max(1, replicas - 1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void theTransactionAndOffsetTopicsCanBeCreated(String target) {
    Manifests m = Kustomize.render(target);
    int brokers = nodes(m, "broker");
    JsonNode c = m.one("Kafka").path("spec").path("kafka").path("config");
    // Kafka's defaults are 3, 3 and 2: too many for fewer than 3 brokers
    int txRf = intOr(c.path("transaction.state.log.replication.factor"), 3);
    assertThat(txRf).as(target + ": transaction.state.log.replication.factor").isBetween(1, brokers);
    assertThat(intOr(c.path("transaction.state.log.min.isr"), 2)).as(target + ": transaction.state.log.min.isr")
        .isBetween(1, txRf);
    assertThat(intOr(c.path("offsets.topic.replication.factor"), 3)).as(target + ": offsets.topic.replication.factor")
        .isBetween(1, brokers);
    assertThat(intOr(c.path("default.replication.factor"), 1)).as(target + ": default.replication.factor")
        .isBetween(1, brokers);
  }

  @Test
  void prodSurvivesOneBrokerDownWithoutLosingAcknowledgedWrites() {
    Manifests m = Kustomize.render(Kustomize.PROD);
    assertThat(nodes(m, "broker")).isEqualTo(3);
    assertThat(nodes(m, "controller")).isEqualTo(3);
    assertThat(m.all("KafkaNodePool")).allSatisfy(p ->
        assertThat(p.path("spec").path("storage").findValuesAsString("type")).contains("persistent-claim")
            .doesNotContain("ephemeral"));
    JsonNode c = m.one("Kafka").path("spec").path("kafka").path("config");
    assertThat(intOr(c.path("min.insync.replicas"), 1)).isEqualTo(2);
    assertThat(intOr(c.path("transaction.state.log.min.isr"), 2)).isEqualTo(2);
    for (JsonNode t : m.all("KafkaTopic")) {
      assertThat(t.path("spec").path("replicas").asInt()).as(Manifests.id(t)).isEqualTo(3);
      assertThat(intOr(t.path("spec").path("config").path("min.insync.replicas"), 2)).as(Manifests.id(t)).isEqualTo(2);
    }
  }

  @Test
  void devIsOneSmallNode() {
    Manifests m = Kustomize.render(Kustomize.DEV);
    assertThat(nodes(m, "broker")).isEqualTo(1);
    assertThat(m.all("KafkaNodePool")).allSatisfy(p ->
        assertThat(p.path("spec").path("storage").findValuesAsString("type")).doesNotContain("persistent-claim"));
    assertThat(m.one("FlinkDeployment").path("spec").path("job").path("parallelism").asInt()).isEqualTo(1);
  }

  /** Nodes of this Kafka with {@code role} (broker, controller), over its node pools. */
  static int nodes(Manifests m, String role) {
    return m.all("KafkaNodePool").stream()
        .filter(p -> p.path("spec").path("roles").valueStream().anyMatch(r -> r.asString().equals(role)))
        .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
  }

  private static int intOr(JsonNode n, int fallback) {
    return n.isMissingNode() || n.isNull() ? fallback : Integer.parseInt(n.asString());
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
