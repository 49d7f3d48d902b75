package dev.ipvm.ucan;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) on raw 32-byte keys, as did:key and the spec use them, computed by
 * BouncyCastle's RFC 8032 implementation. The JDK's own provider is correct but costs about
 * 0.7 ms per signature and per verification on JDK 17: the job does one of each per
 * invocation, so it capped throughput at a few hundred invocations per second per core.
 */
final class Ed25519 {
  // DER prefix of the PKCS#8 form of an Ed25519 key (RFC 8410)
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ed25519() {}

  /** A new random 32-byte secret key (seed). */
  static byte[] newSeed() {
    byte[] seed = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE];
    RANDOM.nextBytes(seed);
    return seed;
  }

  /** The 32-byte public key of a seed. */
  static byte[] publicKey(byte[] seed) {
    if (seed.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "an Ed25519 seed is 32 bytes, got " + seed.length);
    }
    byte[] pk = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
    byte[] sig = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** Whether {@code signature} is a valid RFC 8032 signature (canonical S, valid points). */
  static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    return verify(rawPublicKey, message, 0, message.length, signature);
  }

  /** {@link #verify(byte[], byte[], byte[])} over {@code message[from, from + length)}. */
  static boolean verify(byte[] rawPublicKey, byte[] message, int from, int length, byte[] signature) {
    if (signature.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE
        || rawPublicKey.length != org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, rawPublicKey, 0, message, from, length);
  }

  /**
   * A public key decoded once, for repeated verification ({@link IssuerKeys}): verifying with it
   * skips decoding the point (a field square root) on every signature. The checks are those of
   * {@link #verify(byte[], byte[], byte[])}: canonical encoding, a point on the curve.
   *
   * @param point null when the key is no valid point: nothing verifies against it
   */
  record Key(byte[] raw, org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point) {
    static Key of(byte[] rawPublicKey) {
      return new Key(rawPublicKey.clone(), rawPublicKey.length != org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE
          ? null : org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(rawPublicKey, 0));
    }

    /** Whether {@code signature} is valid for {@code message[from, from + length)}. */
    boolean verify(byte[] message, int from, int length, byte[] signature) {
      return verify(message, from, length, signature, SignatureVerifier.BOUNCY_CASTLE);
    }

    /**
     * The same, checked by {@code verifier}; BouncyCastle's with the point decoded here. A key that
     * is no valid point verifies nothing, whichever the verifier.
     */
    boolean verify(byte[] message, int from, int length, byte[] signature, SignatureVerifier verifier) {
      if (point == null || signature.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE) {
        return false;
      }
      if (verifier == SignatureVerifier.BOUNCY_CASTLE) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, from, length);
      }
      return verifier.verify(raw, message, from, length, signature);
    }
  }

  static byte[] pkcs8(byte[] seed) {
    byte[] out = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + seed.length);
    System.arraycopy(seed, 0, out, PKCS8_PREFIX.length, seed.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
