package dev.ipvm.cli.kafka;

import dev.ipvm.cli.signing.ProofOptions;
import dev.ipvm.cli.signing.UserKey;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that sign one invocation and wait for its receipt ({@code run},
 * {@code http}, {@code publish}): the signing key, and where the invocation goes and how its
 * receipt is awaited ({@link DeliveryOptions}).
 */
public final class SubmitOptions {
  @Mixin
  DeliveryOptions delivery;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = {UserKey.HELP, UserKey.HELP_DEFAULT})
  Path key;

  /** {@code --key}: the signing key file, or null for the user's default key. */
  public Path key() {
    return key;
  }

  /** {@code --proof} and {@code --proofs-published}. */
  public ProofOptions proof() {
    return delivery.proof();
  }

  /** Checks the values before anything else happens (a usage error, exit 2). */
  public void check(CommandLine cl) {
    delivery.check(cl);
  }
}
