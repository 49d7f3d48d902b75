package dev.ipvm.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.testing.HelpText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ipvm dev} without starting anything: its help reads well at 80 columns, the broker's
 * start timeout is a setting with a generous default, and the banner's commands reach this
 * broker when it is not on the port every ipvm command looks at by default.
 */
class DevCommandTest {
  private static final Cid MATH = Cid.of(Multicodec.RAW, new byte[] {0, 'a', 's', 'm'});

  @Test
  void helpReadsWellAt80Columns() {
    assertThat(HelpText.problems(new CommandLine(new DevCommand()), 80)).isEmpty();
  }

  @Test
  void aUsageMistakeIsOneLineAndAHint() {
    CommandLine cl = DevCommand.commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err, true));
    assertThat(cl.execute("--broker-timeout", "soon")).isEqualTo(2);
    assertThat(err.toString()).startsWith("ipvm dev: Invalid value for option '--broker-timeout'")
        .contains("'soon' is not a positive duration such as 180s or 5m")
        .endsWith("Run 'bin/ipvm dev --help' for usage." + System.lineSeparator())
        .doesNotContain("Usage:");
    assertThat(err.toString().lines().count()).isEqualTo(2);
  }

  @Test
  void aBrokerThatTakesTooLongNamesTheSetting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DevStack stack = new DevStack(new DevStack.Options(dir, port, 0, "0", java.util.Map.of(), null,
        Duration.ofSeconds(1))); // a broker JVM takes seconds to start
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> stack.start(line -> {}))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageStartingWith("the broker did not start within 1 s")
          .hasMessageContaining("a busy machine may need longer: --broker-timeout 2s");
    } finally {
      stack.close();
    }
  }

  @Test
  void theBrokerTimeoutIsASettingWithAGenerousDefault() {
    DevCommand dev = new DevCommand();
    new CommandLine(dev).parseArgs();
    assertThat(dev.brokerTimeout).isEqualTo(Duration.ofSeconds(180));
    new CommandLine(dev).parseArgs("--broker-timeout", "5m");
    assertThat(dev.brokerTimeout).isEqualTo(Duration.ofMinutes(5));
    new CommandLine(dev).parseArgs("--broker-timeout", "240");
    assertThat(dev.brokerTimeout).isEqualTo(Duration.ofSeconds(240));
  }

  @Test
  void onAnotherPortEveryCommandThatTalksToTheBrokerCarriesIt() {
    List<String> lines = DevCommand.tryLines("127.0.0.1:29092", MATH, "ipvm.receipts", "/d", "[]");
    assertThat(lines).contains("  export IPVM_BOOTSTRAP=127.0.0.1:29092");
    assertThat(lines).filteredOn(l -> l.contains("bin/ipvm run") || l.contains("bin/ipvm receipts")
        || l.contains("bin/ipvm revoke")).hasSize(4)
        .allMatch(l -> l.contains(" --bootstrap 127.0.0.1:29092"));
    assertThat(lines).filteredOn(l -> l.contains("delegation new")).noneMatch(l -> l.contains("--bootstrap"));
  }

  @Test
  void onTheDefaultPortTheCommandsStayShort() {
    List<String> lines = DevCommand.tryLines("127.0.0.1:9092", MATH, "ipvm.receipts", "/d", "[]");
    assertThat(lines).contains("  export IPVM_BOOTSTRAP=127.0.0.1:9092", "  bin/ipvm run " + MATH + " --fun add 20 22")
        .noneMatch(l -> l.contains("--bootstrap"));
  }
}
