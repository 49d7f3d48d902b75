package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar carries the job and what a Flink distribution lacks, and none of Flink's own
 * classes, picocli or the broker. That it runs when uploaded to a real cluster through Flink's
 * REST API is ClusterIT's (cluster module), on a multi-process standalone cluster.
 */
class JobJarIT {
  static final Path JAR = Path.of(System.getProperty("user.dir")).getParent().resolve("jobs/target/ipvm-job.jar");

  @Test
  void theJarCarriesTheJobAndNoneOfWhatTheClusterProvides() throws Exception {
    assertThat(JAR).as("built by mvn package in jobs/").exists();
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().forEach(e -> entries.add(e.getName()));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(IpvmJob.class.getName());
    }
    assertThat(entries).contains("dev/ipvm/job/IpvmJob.class", "dev/ipvm/wasm/WasmRuntime.class",
        "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
    assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/")
        || e.startsWith("org/apache/flink/runtime/") || e.startsWith("picocli/")
        || e.startsWith("dev/ipvm/deploy/") || e.startsWith("dev/ipvm/local/") || e.startsWith("org/apache/logging/log4j/core/"));
  }
}
