package dev.ipvm.cid;

import java.util.Arrays;
import java.util.HexFormat;

/** A self-describing hash: varint(code) varint(length) digest. */
public final class Multihash {
  private final long code;
  private final byte[] digest;

  private Multihash(long code, byte[] digest) {
    this.code = code;
    this.digest = digest;
  }

  public static Multihash of(long code, byte[] digest) {
    return new Multihash(code, digest.clone());
  }

  public static Multihash compute(HashAlgorithm algorithm, byte[] data) {
    return new Multihash(algorithm.code(), algorithm.digest(data));
  }

  public static Multihash compute(HashAlgorithm algorithm, byte[] data, int off, int len) {
    return new Multihash(algorithm.code(), algorithm.digest(data, off, len));
  }

  /** Reads a whole multihash from {@code src[off, end)}; it must end exactly at {@code end}. */
  public static Multihash decode(byte[] src, int off, int end) {
    long code = Varint.read(src, off, end);
    off += Varint.size(code);
    long len = Varint.read(src, off, end);
    off += Varint.size(len);
    if (len != end - off) {
      throw new CidFormatException(
          "multihash declares a " + len + "-byte digest but " + (end - off) + " bytes follow");
    }
    HashAlgorithm known = HashAlgorithm.byCode(code);
    if (known != null && len != known.digestLength()) {
      throw new CidFormatException(known.multihashName() + " digest must be "
          + known.digestLength() + " bytes, got " + len);
    }
    return new Multihash(code, Arrays.copyOfRange(src, off, end));
  }

  public long code() {
    return code;
  }

  public byte[] digest() {
    return digest.clone();
  }

  public int encodedLength() {
    return Varint.size(code) + Varint.size(digest.length) + digest.length;
  }

  public int write(byte[] dst, int off) {
    off = Varint.write(code, dst, off);
    off = Varint.write(digest.length, dst, off);
    System.arraycopy(digest, 0, dst, off, digest.length);
    return off + digest.length;
  }

  public byte[] toBytes() {
    byte[] out = new byte[encodedLength()];
    write(out, 0);
    return out;
  }

  /** Whether this multihash is the hash of {@code data} (false for algorithms we cannot compute). */
  public boolean matches(byte[] data) {
    HashAlgorithm a = HashAlgorithm.byCode(code);
    return a != null && Arrays.equals(a.digest(data), digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash m && code == m.code && Arrays.equals(digest, m.digest);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(code) + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    HashAlgorithm a = HashAlgorithm.byCode(code);
    return (a != null ? a.multihashName() : "0x" + Long.toHexString(code)) + ":"
        + HexFormat.of().formatHex(digest);
  }
}
