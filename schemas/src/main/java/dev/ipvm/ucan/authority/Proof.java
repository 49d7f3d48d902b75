package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
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
}
