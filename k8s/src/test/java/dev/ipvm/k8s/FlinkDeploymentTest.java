package dev.ipvm.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ipvm.job.IpvmJob;
import dev.ipvm.job.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The FlinkDeployment agrees with what it runs and what it talks to: the image's jar, the job's
 * settings parser, the Kafka bootstrap service, the checkpoint and savepoint storage the
 * operator upgrades with, and the metrics port Prometheus scrapes.
 */
class FlinkDeploymentTest {

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void theJarIsWhereTheDockerfileCopiesIt(String target) throws IOException {
    List<String> copies = Files.readAllLines(Kustomize.k8sDir().resolve("Dockerfile")).stream()
        .filter(l -> l.startsWith("COPY ")).toList();
    assertThat(copies).as("k8s/Dockerfile COPY lines").hasSize(1);
    String[] words = copies.get(0).trim().split("\\s+");
    String jarUri = spec(target).path("job").path("jarURI").asString();
    assertThat(jarUri).isEqualTo("local://" + words[words.length - 1]);
    assertThat(spec(target).path("job").path("entryClass").asString()).isEqualTo(IpvmJob.class.getName());
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void theJobAcceptsItsArgsAndRunsAtTheDeploymentsParallelism(String target) {
    JobArgs args = JobArgs.of(Kustomize.render(target).one("FlinkDeployment"));
    assertThatCode(args::config).as(target + ": the job's own parser").doesNotThrowAnyException();
    JobConfig config = args.config();
    // the job sets this parallelism on every operator; the operator sizes TaskManagers by spec.job's
    assertThat(spec(target).path("job").path("parallelism").asInt()).isEqualTo(config.parallelism());
    assertThat(config.parallelism()).isLessThanOrEqualTo(IpvmJob.MAX_PARALLELISM);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void bootstrapIsTheStrimziBootstrapServiceOfThePlainListener(String target) {
    Manifests m = Kustomize.render(target);
    JsonNode kafka = m.one("Kafka");
    JsonNode plain = StreamSupport.stream(kafka.path("spec").path("kafka").path("listeners").spliterator(), false)
        .filter(l -> l.path("type").asString().equals("internal") && !l.path("tls").asBoolean())
        .findFirst().orElseThrow(() -> new AssertionError(target + ": no internal listener without TLS"));
    String expected = kafka.path("metadata").path("name").asString() + "-kafka-bootstrap:" + plain.path("port").asInt();
    assertThat(JobArgs.of(m.one("FlinkDeployment")).config().bootstrap()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void stateAndUpgradesUseObjectStorageAndKubernetesHa(String target) {
    JsonNode spec = spec(target);
    JsonNode conf = spec.path("flinkConfiguration");
    JobConfig config = JobArgs.of(Kustomize.render(target).one("FlinkDeployment")).config();
    assertThat(spec.path("job").path("upgradeMode").asString()).isEqualTo("savepoint");
    // the job sets its checkpoint.dir; the operator reads flinkConfiguration's: one place
    assertThat(conf.path("execution.checkpointing.dir").asString()).isEqualTo(config.checkpointDir()).startsWith("s3://");
    assertThat(conf.path("execution.checkpointing.savepoint-dir").asString()).startsWith("s3://");
    assertThat(conf.path("state.backend.type").asString()).isEqualTo(config.stateBackend()).isEqualTo("rocksdb");
    assertThat(conf.path("execution.checkpointing.incremental").asString()).isEqualTo("true");
    assertThat(conf.path("high-availability.type").asString()).isEqualTo("kubernetes");
    assertThat(conf.path("high-availability.storageDir").asString()).startsWith("s3://");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void theAutoscalerStaysWithinTheJobsMaxParallelism(String target) {
    JsonNode conf = spec(target).path("flinkConfiguration");
    int parallelism = spec(target).path("job").path("parallelism").asInt();
    assertThat(conf.path("job.autoscaler.enabled").asString()).isEqualTo("true");
    int max = Integer.parseInt(conf.path("job.autoscaler.vertex.max-parallelism").asString());
    assertThat(max).isBetween(parallelism, IpvmJob.MAX_PARALLELISM);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void prometheusCanScrapeTheReportersPort(String target) {
    JsonNode spec = spec(target);
    JsonNode conf = spec.path("flinkConfiguration");
    assertThat(conf.path("metrics.reporter.prom.factory.class").asString())
        .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    int port = Integer.parseInt(conf.path("metrics.reporter.prom.port").asString());
    assertThat(mainContainer(spec).path("ports").findValuesAsString("containerPort")).contains(Integer.toString(port));
  }

  @ParameterizedTest
  @ValueSource(strings = {Kustomize.BASE, Kustomize.DEV, Kustomize.PROD})
  void thePodsHaveTheirAccountAndTheExecutorKey(String target) {
    Manifests m = Kustomize.render(target);
    JsonNode spec = m.one("FlinkDeployment").path("spec");
    String account = spec.path("serviceAccount").asString();
    assertThat(m.all("ServiceAccount")).extracting(Manifests::id).contains("ServiceAccount/" + account);
    assertThat(m.all("RoleBinding")).anySatisfy(b -> assertThat(b.path("subjects").findValuesAsString("name"))
        .contains(account));
    // executor.key must be a file the pods have: under a mount of a Secret volume
    String key = JobArgs.of(m.one("FlinkDeployment")).settings().get("executor.key");
    JsonNode mount = StreamSupport.stream(mainContainer(spec).path("volumeMounts").spliterator(), false)
        .filter(v -> key.startsWith(v.path("mountPath").asString() + "/")).findFirst()
        .orElseThrow(() -> new AssertionError(target + ": executor.key " + key + " is under no volume mount"));
    JsonNode volume = StreamSupport.stream(spec.path("podTemplate").path("spec").path("volumes").spliterator(), false)
        .filter(v -> v.path("name").asString().equals(mount.path("name").asString())).findFirst().orElseThrow();
    assertThat(volume.path("secret").path("secretName").asString()).isNotEmpty();
  }

  private static JsonNode spec(String target) {
    return Kustomize.render(target).one("FlinkDeployment").path("spec");
  }

  // the operator merges podTemplate into the JobManager and TaskManager pods by this name
  private static JsonNode mainContainer(JsonNode spec) {
    return StreamSupport.stream(spec.path("podTemplate").path("spec").path("containers").spliterator(), false)
        .filter(c -> c.path("name").asString().equals("flink-main-container")).findFirst()
        .orElseThrow(() -> new AssertionError("podTemplate has no flink-main-container"));
  }
}
