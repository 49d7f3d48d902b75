package dev.ipvm.cid;

import dev.ipvm.multibase.Multibase;
import dev.ipvm.multibase.MultibaseException;
import java.util.Arrays;

/**
 * A content identifier. CIDv1 is {@code varint(1) varint(codec) multihash}; CIDv0 is a
 * bare sha2-256 multihash of a dag-pb block. Text is base32 lower ({@code b...}) for v1
 * and base58btc ({@code Qm...}) for v0; parsing also takes base58btc v1 ({@code z...}).
 */
public final class Cid implements Comparable<Cid> {
  private final int version;
  private final long codec;
  private final Multihash hash;
  private final byte[] bytes;
  private String text; // cached; racy but idempotent

  private Cid(int version, long codec, Multihash hash, byte[] bytes) {
    this.version = version;
    this.codec = codec;
    this.hash = hash;
    this.bytes = bytes;
  }

  public static Cid v1(long codec, Multihash hash) {
    byte[] out = new byte[1 + Varint.size(codec) + hash.encodedLength()];
    int off = Varint.write(1, out, 0);
    off = Varint.write(codec, out, off);
    hash.write(out, off);
    return new Cid(1, codec, hash, out);
  }

  /** The CIDv1 of {@code data} in {@code codec}, hashed with {@code algorithm}. */
  public static Cid of(long codec, HashAlgorithm algorithm, byte[] data) {
    return v1(codec, Multihash.compute(algorithm, data));
  }

  /** The CIDv1 of {@code data} in {@code codec}, hashed with sha2-256. */
  public static Cid of(long codec, byte[] data) {
    return of(codec, HashAlgorithm.SHA2_256, data);
  }

  /** The binary form, as a link carries it (without the multibase prefix). */
  public static Cid decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** The binary form in {@code src[off, end)}, which it must fill exactly. */
  public static Cid decode(byte[] src, int off, int end) {
    if (end - off < 2) {
      throw new CidFormatException("CID too short: " + (end - off) + " bytes");
    }
    byte[] bytes = Arrays.copyOfRange(src, off, end);
    if (bytes[0] == 0x12 && bytes[1] == 0x20) { // CIDv0: a bare sha2-256 multihash
      Multihash mh = Multihash.decode(bytes, 0, bytes.length);
      return new Cid(0, Multicodec.DAG_PB, mh, bytes);
    }
    long version = Varint.read(bytes, 0, bytes.length);
    if (version != 1) {
      throw new CidFormatException("unsupported CID version " + version + " (only 0 and 1 exist)");
    }
    int p = Varint.size(version);
    long codec = Varint.read(bytes, p, bytes.length);
    p += Varint.size(codec);
    Multihash mh = Multihash.decode(bytes, p, bytes.length);
    return new Cid(1, codec, mh, bytes);
  }

  /** Text form: base32 {@code b...}, base58btc {@code z...}, or CIDv0 {@code Qm...}. */
  public static Cid parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new CidFormatException("empty CID");
    }
    if (text.length() == 46 && text.startsWith("Qm")) {
      Cid cid = decode(multibase(text, true));
      if (cid.version != 0) {
        throw new CidFormatException("'" + text + "' is not a CIDv0");
      }
      return cid;
    }
    Cid cid = decode(multibase(text, false));
    if (cid.version == 0) {
      throw new CidFormatException("a CIDv0 must be written in base58btc without a multibase prefix");
    }
    return cid;
  }

  private static byte[] multibase(String text, boolean rawBase58btc) {
    try {
      return rawBase58btc ? Multibase.decodeBase58btc(text) : Multibase.decode(text);
    } catch (MultibaseException e) {
      throw new CidFormatException(e.getMessage());
    }
  }

  public int version() {
    return version;
  }

  public long codec() {
    return codec;
  }

  public Multihash hash() {
    return hash;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public int byteLength() {
    return bytes.length;
  }

  public void copyTo(byte[] dst, int off) {
    System.arraycopy(bytes, 0, dst, off, bytes.length);
  }

  /** The same content addressed as CIDv1 (a CIDv0 becomes dag-pb v1). */
  public Cid toV1() {
    return version == 1 ? this : v1(codec, hash);
  }

  /** Whether {@code data} hashes to this CID's multihash. */
  public boolean verifies(byte[] data) {
    return hash.matches(data);
  }

  /** Base32 for v1, base58btc for v0. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = version == 0 ? Multibase.encodeBase58btcRaw(bytes) : Multibase.encodeBase32(bytes);
      text = t;
    }
    return t;
  }

  public String toString(Multibase.Encoding encoding) {
    if (version == 0) {
      throw new UnsupportedOperationException("a CIDv0 has only the base58btc text form");
    }
    return Multibase.encode(encoding, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Cid o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
