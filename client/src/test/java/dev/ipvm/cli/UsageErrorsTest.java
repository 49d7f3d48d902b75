package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A usage mistake is one or two lines and a hint to --help, exit 2, not the whole help; no
 * command at all is the short usage, exit 2; dev and cluster, run by bin/ipvm from their own
 * modules, are listed and have help.
 */
class UsageErrorsTest {

  @Test
  void aMissingOptionIsOneLineAndAHint() {
    CliTest.Result r = CliTest.run("", "run", "math.wasm");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("ipvm: Missing required option: '--fun=NAME'" + System.lineSeparator()
        + "Run 'ipvm run --help' for usage." + System.lineSeparator());
    assertThat(r.text()).isEmpty();
  }

  @Test
  void anUnknownOptionIsAtMostTwoLinesAndAHint() {
    CliTest.Result r = CliTest.run("", "dag", "cid", "--codecs", "raw");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().count()).isBetween(2L, 3L);
    assertThat(r.err()).startsWith("ipvm: Unknown option: '--codecs'").contains("Run 'ipvm dag cid --help' for usage.")
        .doesNotContain("Usage:");
  }

  @Test
  void aBadValueIsOneLineAndAHint() {
    CliTest.Result r = CliTest.run("", "dag", "encode", "--from", "yaml", "--to", "dag-json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown codec 'yaml'").endsWith("Run 'ipvm dag encode --help' for usage."
        + System.lineSeparator()).doesNotContain("Usage:");
  }

  @Test
  void noCommandIsTheShortUsageOnStandardErrorAndExit2() {
    CliTest.Result r = CliTest.run("");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.text()).isEmpty();
    assertThat(r.err()).startsWith("Usage: ipvm ").contains("Commands:", "  run ", "  dev ")
        .endsWith("Run 'ipvm --help' for usage." + System.lineSeparator())
        .doesNotContain("Examples:");
    CliTest.Result group = CliTest.run("", "dag");
    assertThat(group.code()).isEqualTo(2);
    assertThat(group.err()).startsWith("Usage: ipvm dag ").contains("encode", "cid");
  }

  @Test
  void devAndClusterAreListedAndHaveHelp() {
    CliTest.Result help = CliTest.run("", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.text()).containsPattern("(?m)^  dev +Run ").containsPattern("(?m)^  cluster +Run ")
        .containsPattern("(?m)^  index +Run ");
    CliTest.Result dev = CliTest.run("", "help", "dev");
    assertThat(dev.code()).isZero();
    assertThat(dev.err()).doesNotContain("Unknown subcommand");
    assertThat(dev.text()).contains("Usage: ipvm dev", "bin/ipvm dev --help");
    CliTest.Result cluster = CliTest.run("", "help", "cluster");
    assertThat(cluster.text()).contains("Usage: ipvm cluster", "bin/ipvm cluster --help");
    CliTest.Result fromTheJar = CliTest.run("", "dev", "--kafka-port", "19092");
    assertThat(fromTheJar.code()).isEqualTo(2);
    assertThat(fromTheJar.err()).contains("run by bin/ipvm", "bin/ipvm dev --help");
  }
}
