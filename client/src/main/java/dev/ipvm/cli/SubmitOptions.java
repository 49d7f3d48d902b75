package dev.ipvm.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that sign one invocation and wait for its receipt ({@code run},
 * {@code http}, {@code publish}): where the IPVM is, the signing key, how long to wait, and how
 * to print the receipt.
 */
final class SubmitOptions {
  @Mixin
  KafkaOptions kafka;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = "The signing key (PKCS#8 PEM; default $IPVM_HOME/user.pem, created when missing).")
  Path key;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the receipt (default ${DEFAULT-VALUE}); then exit 3.")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the whole receipt payload as DAG-JSON (one line).")
  boolean json;

  @Option(names = "--proof", paramLabel = "FILE",
      description = "A delegation file proving your authority (`ipvm delegation new`); repeat it for a chain, "
          + "root first: the "
          + "invocation's prf lists them, its subject is the root's, and each is sent along in a ucan-proof "
          + "record header.")
  java.util.List<Path> proofs = new java.util.ArrayList<>();

  /** The delegations given with {@code --proof}, read. */
  ProofFiles proofFiles() throws java.io.IOException {
    return ProofFiles.read(proofs);
  }

  /**
   * Sets the subject and {@code prf} of an invocation from the proofs: the
   * subject is the root delegation's (without proofs, the signer's own).
   */
  void applyProofs(dev.ipvm.ucan.Invocation.Builder b, ProofFiles p) {
    if (p.delegations().isEmpty()) {
      return;
    }
    String sub = p.delegations().get(0).payload().sub();
    if (sub == null) {
      throw new IllegalArgumentException("--proof " + p.files().get(0) + " is a powerline delegation (no subject): "
          + "the first proof must name the subject");
    }
    b.sub(sub).prf(p.cids());
  }

  /** Checks the values before anything else happens (a usage error, exit 2). */
  void check(CommandLine cl) {
    if (timeoutSeconds <= 0) {
      throw new CommandLine.ParameterException(cl, "--timeout must be positive, got " + timeoutSeconds);
    }
  }
}
