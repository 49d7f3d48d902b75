package dev.ipvm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every rendered resource of the base and each overlay is one the operators accept, field by field. */
class ManifestsValidTest {

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void everyResourceValidatesAgainstItsCrd(String target) {
    Manifests m = Kustomize.render(target);
    CrdValidator validator = new CrdValidator(Crds.load());
    List<String> problems = new ArrayList<>();
    for (JsonNode r : m.resources()) {
      problems.addAll(validator.problems(r));
    }
    assertThat(problems).as(target + ": problems").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void holdsTheJobItsKafkaAndItsTopics(String target) {
    Manifests m = Kustomize.render(target);
    // one() fails unless there is exactly one
    assertThat(m.one("FlinkDeployment").path("spec").path("flinkVersion").asString()).isEqualTo("v2_2");
    assertThat(m.one("Kafka").path("metadata").path("annotations").path("strimzi.io/kraft").asString())
        .isEqualTo("enabled");
    assertThat(m.one("Kafka").path("metadata").path("annotations").path("strimzi.io/node-pools").asString())
        .isEqualTo("enabled");
    assertThat(m.all("KafkaNodePool")).isNotEmpty();
    assertThat(m.all("KafkaTopic")).isNotEmpty();
  }
}
