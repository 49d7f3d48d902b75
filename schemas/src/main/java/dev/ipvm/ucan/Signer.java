package dev.ipvm.ucan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * An Ed25519 identity that signs envelopes: a principal with a {@link DidKey}.
 *
 * <p>Key files are PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the form
 * {@code openssl genpkey -algorithm ed25519} writes, so keys move between tools.
 */
public final class Signer {
  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private final PrivateKey privateKey;
  private final DidKey did;

  private Signer(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.did = new DidKey(Ed25519.rawPublicKey(pair.getPublic()));
  }

  public static Signer generate() {
    try {
      return new Signer(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  /** The signer for a 32-byte RFC 8032 secret key. */
  public static Signer fromSeed(byte[] seed) {
    return new Signer(Ed25519.fromSeed(seed));
  }

  public static Signer fromPem(String pem) {
    String body = pem.strip();
    int begin = body.indexOf(PEM_BEGIN);
    int end = body.indexOf(PEM_END);
    if (begin < 0 || end < begin) {
      throw new UcanException(UcanException.Reason.INVALID_KEY,
          "not a PKCS#8 PEM private key (expected " + PEM_BEGIN + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.substring(begin + PEM_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "key file has invalid base64: " + e.getMessage());
    }
    if (der.length < 48) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "key file too short for an Ed25519 key");
    }
    byte[] seed = java.util.Arrays.copyOfRange(der, 16, 48);
    if (!java.util.Arrays.equals(Ed25519.pkcs8(seed), 0, 16, der, 0, 16)) {
      throw new UcanException(UcanException.Reason.INVALID_KEY, "key file does not hold an Ed25519 key");
    }
    return fromSeed(seed);
  }

  public static Signer load(Path file) throws IOException {
    try {
      return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (UcanException e) {
      throw new UcanException(e.reason(), file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the key as PKCS#8 PEM, readable only by its owner where the file system allows. */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toPem(), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: leave the default permissions
    }
  }

  public String toPem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(Ed25519.pkcs8(Ed25519.seed(privateKey)));
    return PEM_BEGIN + "\n" + b64 + "\n" + PEM_END + "\n";
  }

  public DidKey did() {
    return did;
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(privateKey, message);
  }
}
