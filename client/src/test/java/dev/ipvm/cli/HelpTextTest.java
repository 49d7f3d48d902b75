package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.testing.HelpText;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The help of every command and subcommand, rendered at 80 columns, reads well: no word, flag or
 * path split across lines, every summary one whole sentence that fits its line in the parent's
 * list, descriptions not hand-wrapped, examples that copy whole, placeholders in upper case.
 */
class HelpTextTest {

  @Test
  void everyCommandsHelpReadsWellAt80Columns() {
    assertThat(HelpText.problems(Main.newCommandLine(), 80)).isEmpty();
  }

  @Test
  void theUsageLineIsWrappedBetweenWordsOnly() {
    // picocli alone printed "[--bootstrap=HOST:" and "PORT]" on two lines here
    String usage = Main.newCommandLine().getSubcommands().get("publish").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(usage).startsWith("Usage: ipvm publish [-hV] ").contains(" [--bootstrap=HOST:PORT] ")
        .containsPattern("\\n {20}\\S"); // continuation lines aligned after "Usage: ipvm publish "
  }

  @Command(name = "bad", subcommands = Bad.Sub.class,
      description = {"A command whose help was wrapped by hand, sign and inspect UCAN invocations and",
          "delegations, so picocli wraps it a second time."})
  static final class Bad implements Runnable {
    @Option(names = {"-k", "--key"}, paramLabel = "FILE",
        description = "The revoker's key (PKCS#8 PEM; default $IPVM_HOME/user.pem).") // user.⏎pem at 80 columns
    String key;

    @Option(names = "--proof", paramLabel = "FILE",
        description = "A delegation above the revoked one, from yours down; repeat it for a longer chain.")
    String proof;

    @Option(names = "--fun", description = "The function, shown as 'fun <name>'.")
    String fun;

    @Override
    public void run() {}

    @Command(name = "sub", description = {"Publish a file's bytes as a raw block (codec raw, sha2-256) to the blocks",
        "topic, keyed by its CID."},
        footer = {"  ipvm sub --a-rather-long-option-name value --another-long-option-name value --third one"})
    static final class Sub implements Runnable {
      @Override
      public void run() {}
    }
  }

  @Test
  void theCheckFindsWhatMakesHelpHardToRead() {
    var problems = HelpText.problems(new CommandLine(new Bad()), 80);
    assertThat(String.join("\n", problems))
        .contains("UCAN invocations and' does not end a sentence", "'delegations, so picocli")
        .contains("'$IPVM_HOME/user.pem).' is split across lines")
        .contains("the placeholder <fun>", "the placeholder <name> is not in upper case")
        .contains("bad sub: the summary 'Publish a file's bytes as a raw block (codec raw, sha2-256) to the blocks'"
            + " is not one whole sentence")
        .contains("is wider than 80 columns");
  }
}
