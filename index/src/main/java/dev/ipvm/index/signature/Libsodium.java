package dev.ipvm.index.signature;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import dev.ipvm.ucan.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 verification by libsodium ({@code crypto_sign_verify_detached}), the build bundled in
 * lazysodium-java's jar (copied to a file and loaded through JNA: no system package needed).
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
      HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));
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
   * libsodium from the jar (never a system copy, so the version is the one tested), copied once to
   * {@code ~/.cache/ipvm/} under its hash and loaded from there. Not through lazysodium's own
   * loader: that unpacks the whole jar into a new folder under /tmp on every start and never
   * removes it.
   *
   * @throws LinkageError or another exception when it cannot load: no build for this platform,
   *     a home folder it cannot write, a file system it cannot execute from, JNA missing
   */
  public static Libsodium load() {
    SodiumJava sodium = new SodiumJava(unpacked(Path.of(System.getProperty("user.home"), ".cache", "ipvm")).toString());
    if (sodium.sodium_init() < 0) {
      throw new IllegalStateException("sodium_init failed");
    }
    return new Libsodium(sodium);
  }

  /** The jar's libsodium for this platform as a file in {@code dir}, named by its SHA-256; written when not there. */
  static Path unpacked(Path dir) {
    String resource = LibraryLoader.getSodiumPathInResources();
    byte[] library;
    try (InputStream in = SodiumJava.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("lazysodium-java has no " + resource);
      }
      library = in.readAllBytes();
      String name = "libsodium-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(library), 0, 8)
          + resource.substring(resource.lastIndexOf('.'));
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), library)) {
        return file;
      }
      Files.createDirectories(dir);
      // written aside and moved: two indexes starting together never load a half-written file
      Path part = Files.createTempFile(dir, name, ".part");
      Files.write(part, library);
      return Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack libsodium into " + dir + ": " + e, e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
