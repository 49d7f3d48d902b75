package dev.ipvm.index.signature;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import dev.ipvm.ucan.SignatureVerifier;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;

/**
 * Ed25519 verification by libsodium ({@code crypto_sign_verify_detached}), the build bundled in
 * lazysodium-java's jar (extracted to a temporary file and loaded through JNA: no system package).
 *
 * <p>It accepts exactly what BouncyCastle accepts. Both check S canonical, R and the key canonical
 * encodings of curve points, and the cofactorless equation [S]B = R + [k]A (libsodium by comparing
 * encodings, BouncyCastle points: the same for canonical R). libsodium refuses two more things up
 * front: a key of small order, which never reaches a verifier here (BouncyCastle's key validation,
 * done once per issuer, refuses those too), and an R of small order, which BouncyCastle accepts when
 * the equation holds: a signature only the key's holder can make (R the identity, S = k·a). Those
 * few are left to BouncyCastle, so the verifier changes the speed and nothing else.
 */
public final class Libsodium implements SignatureVerifier {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  /** An order-8 point's y (little-endian hex, as in libsodium's list); the other order-8 y is p - it. */
  private static final BigInteger ORDER_8_Y = littleEndian(
      java.util.HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));
  /**
   * The y of every point of small order (0: order 4, 1: the identity, p - 1: order 2, and the
   * order-8 pair), and the non-canonical p and p + 1 (0 and 1 again), as libsodium lists them.
   */
  static final Set<BigInteger> SMALL_ORDER_Y = Set.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
      P, P.add(BigInteger.ONE), ORDER_8_Y, P.subtract(ORDER_8_Y));

  private final SodiumJava sodium;

  private Libsodium(SodiumJava sodium) {
    this.sodium = sodium;
  }

  /**
   * libsodium from the jar (never a system copy, so the version is the one tested).
   *
   * @throws LinkageError or another exception when it cannot load: no build for this platform,
   *     a temporary folder it cannot write or execute from, JNA missing
   */
  public static Libsodium load() {
    SodiumJava sodium = new SodiumJava(LibraryLoader.Mode.BUNDLED_ONLY);
    if (sodium.sodium_init() < 0) {
      throw new IllegalStateException("sodium_init failed");
    }
    return new Libsodium(sodium);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, int from, int length, byte[] signature) {
    if (signature.length != 64 || publicKey.length != 32) {
      return false;
    }
    byte[] signed = from == 0 && length == message.length ? message : Arrays.copyOfRange(message, from, from + length);
    if (sodium.crypto_sign_verify_detached(signature, signed, length, publicKey) == 0) {
      return true;
    }
    return smallOrderR(signature) && SignatureVerifier.BOUNCY_CASTLE.verify(publicKey, message, from, length, signature);
  }

  /** Whether the signature's R is one libsodium refuses as of small order (the sign bit aside). */
  static boolean smallOrderR(byte[] signature) {
    byte[] r = Arrays.copyOf(signature, 32);
    r[31] &= 0x7f;
    return SMALL_ORDER_Y.contains(littleEndian(r));
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  @Override
  public String toString() {
    return "libsodium";
  }
}
