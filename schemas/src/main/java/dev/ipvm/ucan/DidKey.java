package dev.ipvm.ucan;

import dev.ipvm.multibase.Multibase;
import dev.ipvm.multibase.MultibaseException;
import java.util.Arrays;

/**
 * A {@code did:key} for an Ed25519 public key: {@code did:key:z} + base58btc of the
 * multicodec prefix {@code 0xed 0x01} and the 32 key bytes ({@code did:key:z6Mk...}).
 */
public record DidKey(byte[] publicKey) {
  public static final String PREFIX = "did:key:";
  private static final byte[] ED25519_PREFIX = {(byte) 0xed, 0x01};

  public DidKey {
    if (publicKey.length != 32) {
      throw new UcanException(UcanException.Reason.INVALID_DID,
          "an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public static DidKey parse(String did) {
    if (did == null || !did.startsWith(PREFIX + "z")) {
      throw new UcanException(UcanException.Reason.INVALID_DID,
          "'" + did + "' is not a base58btc did:key (expected did:key:z...)");
    }
    byte[] bytes;
    try {
      bytes = Multibase.decodeBase58btc(did.substring(PREFIX.length() + 1));
    } catch (MultibaseException e) {
      throw new UcanException(UcanException.Reason.INVALID_DID, "'" + did + "': " + e.getMessage());
    }
    if (bytes.length < 2 || bytes[0] != ED25519_PREFIX[0] || bytes[1] != ED25519_PREFIX[1]) {
      throw new UcanException(UcanException.Reason.INVALID_DID,
          "'" + did + "' is not an Ed25519 did:key (only multicodec 0xed is supported)");
    }
    return new DidKey(Arrays.copyOfRange(bytes, 2, bytes.length));
  }

  /** Whether {@code did} parses as an Ed25519 did:key. */
  public static boolean isValid(String did) {
    try {
      parse(did);
      return true;
    } catch (UcanException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    byte[] bytes = new byte[34];
    bytes[0] = ED25519_PREFIX[0];
    bytes[1] = ED25519_PREFIX[1];
    System.arraycopy(publicKey, 0, bytes, 2, 32);
    return PREFIX + "z" + Multibase.encodeBase58btcRaw(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DidKey d && Arrays.equals(publicKey, d.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }
}
