package dev.ipvm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validation of {@link ManifestsValidTest} rejects what the API server would take and then
 * ignore or refuse: each test breaks one valid rendered resource one way, and the problem must
 * name the path. Without these, an empty problem list could mean the validator checks nothing.
 */
class ValidatorBitesTest {
  private static CrdValidator validator;
  private static Manifests dev;

  @BeforeAll
  static void render() {
    dev = Kustomize.render(Kustomize.DEV);
    validator = new CrdValidator(Crds.load());
  }

  private static ObjectNode copy(String kind) {
    return (ObjectNode) dev.one(kind).deepCopy();
  }

  private static ObjectNode at(ObjectNode root, String... path) {
    ObjectNode n = root;
    for (String p : path) {
      n = (ObjectNode) n.get(p);
    }
    return n;
  }

  @Test
  void theUnbrokenResourcesPass() {
    for (String kind : List.of("FlinkDeployment", "Kafka", "KafkaNodePool")) {
      assertThat(validator.problems(copy(kind))).as(kind).isEmpty();
    }
  }

  @Test
  void aMisspeltKeyIsRefusedAtItsPath() {
    ObjectNode fd = copy("FlinkDeployment");
    ObjectNode job = at(fd, "spec", "job");
    job.set("jarUri", job.remove("jarURI")); // the API server would prune it: no jar at all
    assertThat(validator.problems(fd)).singleElement().asString()
        .contains("FlinkDeployment/ipvm", "$.spec.job", "jarUri");
  }

  @Test
  void aMisspeltKeyDeepInAPodTemplateIsRefused() {
    ObjectNode fd = copy("FlinkDeployment");
    ObjectNode container = (ObjectNode) at(fd, "spec", "podTemplate", "spec").get("containers").get(0);
    container.set("volumeMount", container.remove("volumeMounts"));
    assertThat(validator.problems(fd)).singleElement().asString()
        .contains("$.spec.podTemplate.spec.containers[0]", "volumeMount");
  }

  @Test
  void aWrongTypeIsRefusedAtItsPath() {
    ObjectNode fd = copy("FlinkDeployment");
    at(fd, "spec", "job").put("parallelism", "two");
    assertThat(validator.problems(fd)).singleElement().asString()
        .contains("$.spec.job.parallelism", "integer");
  }

  @Test
  void aValueOutsideAnEnumIsRefused() {
    ObjectNode fd = copy("FlinkDeployment");
    at(fd, "spec", "job").put("upgradeMode", "savepoints");
    assertThat(validator.problems(fd)).singleElement().asString().contains("$.spec.job.upgradeMode");
  }

  @Test
  void aMissingRequiredFieldIsRefusedNamingIt() {
    ObjectNode pool = copy("KafkaNodePool");
    at(pool, "spec").remove("roles");
    assertThat(validator.problems(pool)).singleElement().asString()
        .contains("KafkaNodePool/nodes", "$.spec", "roles");
  }

  @Test
  void intOrStringTakesBothAndNothingElse() {
    ObjectNode pool = copy("KafkaNodePool");
    ObjectNode requests = at(pool, "spec", "resources", "requests");
    requests.put("cpu", 2);
    assertThat(validator.problems(pool)).isEmpty();
    requests.put("cpu", true);
    assertThat(validator.problems(pool)).isNotEmpty().allSatisfy(p -> assertThat(p).contains("$.spec.resources.requests.cpu"));
  }

  @Test
  void openMapsStayOpen() {
    // flinkConfiguration and a Kafka's config take any key (x-kubernetes-preserve-unknown-fields)
    ObjectNode fd = copy("FlinkDeployment");
    at(fd, "spec", "flinkConfiguration").put("any.flink.option", "x");
    ObjectNode kafka = copy("Kafka");
    at(kafka, "spec", "kafka", "config").put("log.retention.hours", 1);
    assertThat(validator.problems(fd)).isEmpty();
    assertThat(validator.problems(kafka)).isEmpty();
  }

  @Test
  void aKindNobodyChecksIsAProblem() {
    ObjectNode fd = copy("FlinkDeployment");
    fd.put("kind", "FlinkDeploymnt");
    assertThat(validator.problems(fd)).singleElement().asString().contains("unknown kind", "FlinkDeploymnt");
    ObjectNode old = copy("Kafka");
    old.put("apiVersion", "kafka.strimzi.io/v1beta2"); // no longer served by Strimzi 1.2
    assertThat(validator.problems(old)).singleElement().asString().contains("unknown kind");
  }

  @Test
  void anUnknownTopLevelFieldIsRefused() {
    ObjectNode topic = (ObjectNode) dev.all("KafkaTopic").get(0).deepCopy();
    topic.set("sepc", topic.get("spec"));
    assertThat(validator.problems(topic)).singleElement().asString().contains("KafkaTopic/ipvm-", "$", "sepc");
  }
}
