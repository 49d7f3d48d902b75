package dev.ipvm.dagcbor;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;

/** The DAG-CBOR codec (multicodec 0x71): entry points for encode, decode and CIDs. */
public final class DagCbor {
  private DagCbor() {}

  public static byte[] encode(Ipld value) {
    return DagCborEncoder.encode(value);
  }

  /** @throws DagCborException naming the rule and offset when the bytes are not strict DAG-CBOR */
  public static Ipld decode(byte[] bytes) {
    return DagCborDecoder.decode(bytes);
  }

  /** The CIDv1 (dag-cbor, sha2-256) of the value's canonical encoding. */
  public static Cid cid(Ipld value) {
    return Cid.of(Multicodec.DAG_CBOR, encode(value));
  }

  public static Cid cid(Ipld value, HashAlgorithm algorithm) {
    return Cid.of(Multicodec.DAG_CBOR, algorithm, encode(value));
  }
}
