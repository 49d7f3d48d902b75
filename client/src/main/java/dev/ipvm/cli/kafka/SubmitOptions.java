package dev.ipvm.cli.kafka;

import dev.ipvm.cli.signing.ProofOptions;
import dev.ipvm.cli.signing.UserKey;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that sign one invocation and wait for its receipt ({@code run},
 * {@code http}, {@code publish}): where the IPVM is, the signing key, how long to wait, and how
 * to print the receipt.
 */
public final class SubmitOptions {
  @Mixin
  KafkaOptions kafka;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = {UserKey.HELP, UserKey.HELP_DEFAULT})
  Path key;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the receipt (default ${DEFAULT-VALUE}); then exit 3.")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the whole receipt payload as DAG-JSON (one line).")
  boolean json;

  @Mixin
  ProofOptions proof;

  /** {@code --key}: the signing key file, or null for the user's default key. */
  public Path key() {
    return key;
  }

  /** {@code --proof} and {@code --proofs-published}. */
  public ProofOptions proof() {
    return proof;
  }

  /** Checks the values before anything else happens (a usage error, exit 2). */
  public void check(CommandLine cl) {
    if (timeoutSeconds <= 0) {
      throw new CommandLine.ParameterException(cl, "--timeout must be positive, got " + timeoutSeconds);
    }
  }
}
