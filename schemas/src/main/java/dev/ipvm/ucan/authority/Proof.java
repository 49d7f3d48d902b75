package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;

/** One resolved entry of an invocation's {@code prf}: its position, the CID it was named by, the token. */
record Proof(int index, Cid cid, Signed<Delegation> token) {

  Delegation delegation() {
    return token.payload();
  }

  /** How messages name it: {@code prf[1] (bafy...)}. */
  String label() {
    return label(index, cid);
  }

  static String label(int index, Cid cid) {
    return "prf[" + index + "] (" + cid + ")";
  }

  /**
   * Whether {@code token} is the block {@code cid} names: a DAG-CBOR CID its bytes hash to. A
   * store that answers with another block must not lend that block this CID's place.
   */
  static boolean isBlockOf(Cid cid, Signed<Delegation> token) {
    return cid.codec() == Multicodec.DAG_CBOR && cid.verifies(token.bytes());
  }
}
