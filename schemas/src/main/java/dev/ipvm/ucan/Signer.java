package dev.ipvm.ucan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private final byte[] seed;
  private final byte[] publicKey;
  private final DidKey did;
  /** {@code did} as text, kept: every signature checks the payload's issuer against it (base58 each time otherwise). */
  private final String didText;

  private Signer(byte[] seed) {
    this.seed = seed.clone();
    this.publicKey = Ed25519.publicKey(this.seed);
    this.did = new DidKey(publicKey);
    this.didText = did.toString();
  }

  public static Signer generate() {
    return new Signer(Ed25519.newSeed());
  }

  /** The signer for a 32-byte RFC 8032 secret key. */
  public static Signer fromSeed(byte[] seed) {
    return new Signer(seed);
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
        .encodeToString(Ed25519.pkcs8(seed));
    return PEM_BEGIN + "\n" + b64 + "\n" + PEM_END + "\n";
  }

  public DidKey did() {
    return did;
  }

  String didText() {
    return didText;
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(seed, publicKey, message);
  }
}
