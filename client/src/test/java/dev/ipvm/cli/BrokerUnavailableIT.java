package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.testing.TestBroker;
import dev.ipvm.ucan.Signer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka commands ({@code put}, {@code run}, {@code receipts}) without their broker or their topics. */
class BrokerUnavailableIT {
  private static final Path MATH = Path.of("../functions/src/main/resources/samples/math.wasm");

  @TempDir
  Path dir;

  @Test
  void anUnreachableBrokerFailsFastWithOneLine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Files.writeString(dir.resolve("a.txt"), "a");
    Signer.generate().save(dir.resolve("k.pem"));
    for (String[] args : List.of(
        new String[] {"put", dir.resolve("a.txt").toString()},
        new String[] {"run", "--key", dir.resolve("k.pem").toString(), MATH.toString(), "--fun", "add", "1", "2"},
        new String[] {"receipts"})) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--bootstrap", "127.0.0.1:" + closed));
      long start = System.nanoTime();
      CliTest.Result r = CliTest.run("", all.toArray(String[]::new));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).startsWith("ipvm: cannot reach the Kafka broker at 127.0.0.1:" + closed + " (")
          .contains("is `ipvm dev` running?");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    CliTest.Result bad = CliTest.run("", "receipts", "--bootstrap", "localhost");
    assertThat(bad.err()).isEqualTo("ipvm: --bootstrap must be HOST:PORT[,HOST:PORT...], got 'localhost'"
        + System.lineSeparator());
  }

  @Test
  void aMissingTopicIsNamed() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a");
    CliTest.Result r = CliTest.run("", "put", dir.resolve("a.txt").toString(), "--bootstrap", TestBroker.bootstrap(),
        "--topic-prefix", "nothing.");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("ipvm: topic nothing.ipvm.blocks does not exist on " + TestBroker.bootstrap()
        + ": the job creates its topics when it starts");

    // run asks its consumer rather than an admin client: the same sentence
    Signer.generate().save(dir.resolve("k.pem"));
    CliTest.Result run = CliTest.run("", "run", "--key", dir.resolve("k.pem").toString(), MATH.toString(), "--fun",
        "add", "1", "2", "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", "nothing.");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("ipvm: topic nothing.ipvm.invocations does not exist on " + TestBroker.bootstrap()
        + ": the job creates its topics when it starts (is `ipvm dev` running? is --topic-prefix 'nothing.' right?)"
        + System.lineSeparator());
  }
}
