package dev.ipvm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * broker.log and broker.out are appended to across runs, so a start failure quotes only the lines
 * this run wrote (issue 15: it quoted the previous run's shutdown); and the start timeout is
 * generous by default, for a busy machine.
 */
class BrokerFailureLinesTest {

  @Test
  void aFailureQuotesOnlyThisRunsLines(@TempDir Path dir) throws Exception {
    BrokerFiles files = new BrokerFiles(dir, Map.of());
    Files.writeString(files.log(), "[old] Kafka Server shut down completed\n[old] previous run\n");
    Files.writeString(files.out(), "old output\n");
    long logFrom = BrokerFiles.size(files.log());
    long outFrom = BrokerFiles.size(files.out());
    Files.writeString(files.log(), "[new] starting\n[new] Fatal error during broker startup\n", StandardOpenOption.APPEND);

    String failure = files.failure("the broker exited with code 1 while starting", logFrom, outFrom);

    assertThat(failure).startsWith("the broker exited with code 1 while starting")
        .contains("[new] starting", "[new] Fatal error during broker startup")
        .doesNotContain("[old]", "old output", "broker.out"); // nothing new in broker.out: not quoted
  }

  @Test
  void aLogRolledOverSinceTheLaunchIsQuotedFromItsStart(@TempDir Path dir) throws Exception {
    BrokerFiles files = new BrokerFiles(dir, Map.of());
    Files.writeString(files.log(), "x".repeat(1000) + "\n");
    long logFrom = BrokerFiles.size(files.log());
    Files.writeString(files.log(), "[new] after the roll\n"); // shorter than where this run started

    assertThat(files.failure("failed", logFrom, 0)).contains("[new] after the roll");
  }

  @Test
  void aBrokerThatFailsToStartQuotesNoLineOfThePreviousRun(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("broker.log"), "[previous run] Kafka Server shut down completed\n");
    // the child JVM exits at once, after the broker's files are written and its storage formatted
    LocalBroker broker = LocalBroker.builder().dataDir(dir).jvmOption("-XX:+NoSuchIpvmTestOption")
        .startTimeout(Duration.ofSeconds(120)).build();

    assertThatThrownBy(broker::start).hasMessageContaining("while starting")
        .hasMessageContaining("NoSuchIpvmTestOption") // this run's broker.out
        .hasMessageNotContaining("[previous run]");
  }

  @Test
  void theDefaultStartTimeoutIsGenerous() {
    assertThat(LocalBroker.DEFAULT_START_TIMEOUT).isGreaterThanOrEqualTo(Duration.ofSeconds(180));
  }
}
