package dev.ipvm.ucan;

/**
 * Checks Ed25519 (RFC 8032) signatures. {@link #BOUNCY_CASTLE}, in Java, is what everything uses
 * unless told otherwise, and the only one the Flink job uses (native libraries in its user-code
 * classloader break on job restarts); a process of its own, such as the receipt index, may pass a
 * native one to {@link Signed#verify(SignatureVerifier)}. Whatever the implementation, it must
 * reject every signature BouncyCastle rejects: a non-canonical S, an R or key that is no point's
 * canonical encoding, an equation that does not hold (cofactorless).
 */
public interface SignatureVerifier {
  /**
   * BouncyCastle's RFC 8032 verification. Through {@link Signed#verify()} it uses the issuer's
   * point as decoded once ({@link IssuerKeys}); this method, for a raw key, decodes it each time.
   */
  SignatureVerifier BOUNCY_CASTLE = new SignatureVerifier() {
    @Override
    public boolean verify(byte[] publicKey, byte[] message, int from, int length, byte[] signature) {
      return Ed25519.verify(publicKey, message, from, length, signature);
    }

    @Override
    public String toString() {
      return "BouncyCastle";
    }
  };

  /**
   * Whether {@code signature} (64 bytes) is valid for {@code message[from, from + length)} under the raw
   * 32-byte {@code publicKey}. Called only with a key that decodes to a point of the curve.
   */
  boolean verify(byte[] publicKey, byte[] message, int from, int length, byte[] signature);
}
