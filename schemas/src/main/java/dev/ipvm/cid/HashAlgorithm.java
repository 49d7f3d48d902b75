package dev.ipvm.cid;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The multihash functions this project computes. Parsing accepts any multihash code. */
public enum HashAlgorithm {
  SHA2_256("sha2-256", 0x12, "SHA-256", 32),
  /** Homestar names its instructions with sha3-256. */
  SHA3_256("sha3-256", 0x16, "SHA3-256", 32);

  private final String multihashName;
  private final int code;
  private final String jdkName;
  private final int digestLength;
  private final ThreadLocal<MessageDigest> digests;

  HashAlgorithm(String multihashName, int code, String jdkName, int digestLength) {
    this.multihashName = multihashName;
    this.code = code;
    this.jdkName = jdkName;
    this.digestLength = digestLength;
    this.digests = ThreadLocal.withInitial(this::newDigest);
  }

  public String multihashName() {
    return multihashName;
  }

  public int code() {
    return code;
  }

  public int digestLength() {
    return digestLength;
  }

  public byte[] digest(byte[] data, int off, int len) {
    MessageDigest md = digests.get();
    md.update(data, off, len);
    return md.digest();
  }

  public byte[] digest(byte[] data) {
    return digest(data, 0, data.length);
  }

  public static HashAlgorithm byName(String name) {
    for (HashAlgorithm a : values()) {
      if (a.multihashName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown hash '" + name + "' (known: sha2-256, sha3-256)");
  }

  /** The algorithm for a multihash code, or null when this project cannot compute it. */
  public static HashAlgorithm byCode(long code) {
    for (HashAlgorithm a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdkName, e);
    }
  }
}
