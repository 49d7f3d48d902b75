package dev.ipvm.cli.kafka;

import dev.ipvm.cli.signing.ProofOptions;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a signed invocation goes and how its receipt is awaited: the deployment, the proofs to
 * attach, how long to wait and how to print the receipt. {@code submit} uses these alone (its
 * envelope is signed already); the commands that sign add a key ({@link SubmitOptions}).
 */
public final class DeliveryOptions {
  @Mixin
  KafkaOptions kafka;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the receipt (default ${DEFAULT-VALUE}); then exit 3.")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the whole receipt payload as DAG-JSON (one line).")
  boolean json;

  @Mixin
  ProofOptions proof;

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
