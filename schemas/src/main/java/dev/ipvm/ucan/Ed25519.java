package dev.ipvm.ucan;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Ed25519 on the JDK's own provider, with raw 32-byte keys as did:key and RFC 8032 use them. */
final class Ed25519 {
  // DER prefixes of the X.509 and PKCS#8 forms of an Ed25519 key (RFC 8410)
  private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private Ed25519() {}

  static PublicKey publicKey(byte[] raw) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
    } catch (GeneralSecurityException e) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  static byte[] rawPublicKey(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der.length != 44 || !Arrays.equals(der, 0, 12, X509_PREFIX, 0, 12)) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "not an Ed25519 public key");
    }
    return Arrays.copyOfRange(der, 12, 44);
  }

  /** The key pair for a 32-byte RFC 8032 secret (seed). */
  static KeyPair fromSeed(byte[] seed) {
    if (seed.length != 32) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "an Ed25519 seed is 32 bytes, got " + seed.length);
    }
    try {
      // The JDK derives the public key only at generation time, drawing the seed from the
      // given randomness: hand it exactly our seed.
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = g.generateKeyPair();
      PrivateKey check = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
      if (!Arrays.equals(check.getEncoded(), pair.getPrivate().getEncoded())) {
        throw new IllegalStateException("JDK did not derive the key pair from the given seed");
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "bad Ed25519 seed: " + e.getMessage(), e);
    }
  }

  static byte[] seed(PrivateKey key) {
    byte[] der = key.getEncoded();
    if (der.length < 48 || !Arrays.equals(der, 0, 16, PKCS8_PREFIX, 0, 16)) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "not an Ed25519 PKCS#8 private key");
    }
    return Arrays.copyOfRange(der, 16, 48);
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey(rawPublicKey));
      s.update(message);
      return s.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  static byte[] pkcs8(byte[] seed) {
    return concat(PKCS8_PREFIX, seed);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  /** A "random" source that yields one fixed seed, for deriving a key pair from it. */
  private static final class FixedBytes extends SecureRandom {
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
