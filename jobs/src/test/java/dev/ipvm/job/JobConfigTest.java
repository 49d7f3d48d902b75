package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.job.config.ConfigReference;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.config.JobOptions;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @Test
  void readsAFileThenOverridesWithEveryDefaultDocumented(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("executor.pem");
    Signer.generate().save(key);
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "executor.key=" + key + "\ncheckpoint.dir=" + dir.resolve("cp") + "\n"
        + "memo.ttl=2d\nmaxima.time=30s\ntopics.prefix=prod.\n");
    JobConfig c = JobConfig.load(file, Map.of("parallelism", "4", "checkpoint.interval", "250ms"));
    assertThat(c.parallelism()).isEqualTo(4);
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.memoTtl()).isEqualTo(Duration.ofDays(2));
    assertThat(c.maxima().time().toMillis()).isEqualTo(30_000);
    assertThat(c.topics().receipts()).isEqualTo("prod.ipvm.receipts");
    assertThat(c.bootstrap()).isEqualTo(JobOptions.BOOTSTRAP.defaultValue());
    assertThat(c.executorKeyPem()).contains("BEGIN PRIVATE KEY");
    for (var o : JobOptions.ALL) {
      assertThat(ConfigReference.description(o)).as("%s is documented", o.key()).isNotBlank();
    }
    assertThat(c.effects().httpAllow()).as("effects go nowhere unless allowed").isEmpty();
    assertThat(c.effects().httpAllowPrivate()).isFalse();
    assertThat(c.effects().kafkaAllow()).isEmpty();
  }

  @Test
  void effectSettingsAreReadFromTheirKeys(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.pem");
    Signer.generate().save(key);
    JobConfig c = JobConfig.load(null, Map.of("executor.key", key.toString(), "checkpoint.dir", dir.toString(),
        "effects.http.allow", "api.example.com:443,*.hooks.example.org", "effects.http.allow.private", "TRUE",
        "effects.http.retries", "5", "effects.http.retry.backoff", "1s", "effects.kafka.allow", "orders,audit.*",
        "effects.journal.ttl", "30d"));
    assertThat(c.effects().httpAllow()).isEqualTo("api.example.com:443,*.hooks.example.org");
    assertThat(c.effects().httpAllowPrivate()).isTrue();
    assertThat(c.effects().httpRetries()).isEqualTo(5);
    assertThat(c.effects().httpRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.effects().kafkaAllow()).isEqualTo("orders,audit.*");
    assertThat(c.effects().journalTtl()).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> JobConfig.load(null, Map.of("executor.key", key.toString(), "checkpoint.dir",
        dir.toString(), "effects.http.allow.private", "yes")))
        .hasMessageContaining("effects.http.allow.private must be true or false");
  }

  @Test
  void badSettingsFailNamingTheKey(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.pem");
    Signer.generate().save(key);
    Map<String, String> base = Map.of("executor.key", key.toString(), "checkpoint.dir", dir.toString());
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "memo.tll", "1d")))
        .hasMessageContaining("unknown configuration key 'memo.tll'");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "checkpoint.interval", "soon")))
        .hasMessageContaining("checkpoint.interval must be a duration");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "parallelism", "two")))
        .hasMessageContaining("parallelism must be an integer");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "transaction.timeout", "1h")))
        .hasMessageContaining("transaction.timeout must be under 15 min");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "checkpoint.timeout", "2min")))
        .as("1 s + 3 x 2 min outlives the 5 min transaction")
        .hasMessageContaining("must stay under transaction.timeout (300000 ms)");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "exec.tenant.share", "0")))
        .hasMessageContaining("exec.tenant.share must be above 0");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "exec.tenant.share", "half")))
        .hasMessageContaining("exec.tenant.share must be a number");
    assertThatThrownBy(() -> JobConfig.load(null, with(base, "state.backend", "memory")))
        .hasMessageContaining("state.backend must be rocksdb or hashmap");
    assertThatThrownBy(() -> JobConfig.load(null, Map.of("checkpoint.dir", dir.toString())))
        .hasMessageContaining("executor.key is required");
  }

  @Test
  void durationsInEveryUnit(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.pem");
    Signer.generate().save(key);
    Map<String, String> base = Map.of("executor.key", key.toString(), "checkpoint.dir", dir.toString());
    Map<String, Duration> cases = Map.of("1500", Duration.ofMillis(1500), "10s", Duration.ofSeconds(10),
        "5min", Duration.ofMinutes(5), "2h", Duration.ofHours(2), "7d", Duration.ofDays(7), "0", Duration.ZERO);
    for (var c : cases.entrySet()) {
      assertThat(JobConfig.load(null, with(base, "memo.ttl", c.getKey())).memoTtl()).isEqualTo(c.getValue());
    }
  }

  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(base);
    m.put(k, v);
    return m;
  }
}
