package dev.ipvm.index.signature;

import dev.ipvm.ucan.SignatureVerifier;

/** The index's {@code --verifier}: which Ed25519 implementation checks the signatures. */
public enum VerifierChoice {
  /** libsodium when it loads, else BouncyCastle (the default). */
  AUTO,
  /** libsodium, or the index does not start. */
  LIBSODIUM,
  /** BouncyCastle, in Java, as the job checks them. */
  BOUNCYCASTLE;

  /** The verifier chosen, and how to say it in the log and in /health. */
  public record Chosen(SignatureVerifier verifier, String description) {}

  /**
   * Loads the verifier this choice names.
   *
   * @throws IllegalStateException for {@link #LIBSODIUM} when libsodium does not load, saying why
   */
  public Chosen load() {
    if (this == BOUNCYCASTLE) {
      return new Chosen(SignatureVerifier.BOUNCY_CASTLE, "BouncyCastle (--verifier bouncycastle)");
    }
    try {
      return new Chosen(Libsodium.load(), "libsodium (bundled in lazysodium-java)");
    } catch (RuntimeException | LinkageError e) {
      // UnsatisfiedLinkError, NoClassDefFoundError: a platform without a bundled build, a noexec tmp folder
      String why = e.getMessage() != null ? e.getMessage() : e.toString();
      if (this == LIBSODIUM) {
        throw new IllegalStateException("--verifier libsodium: libsodium does not load: " + why, e);
      }
      return new Chosen(SignatureVerifier.BOUNCY_CASTLE, "BouncyCastle (libsodium does not load: " + why + ")");
    }
  }
}
