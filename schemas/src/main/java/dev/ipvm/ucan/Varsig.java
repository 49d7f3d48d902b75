package dev.ipvm.ucan;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Varsig headers: the bytes in an envelope's {@code h} that say how it was signed. We sign and
 * verify Ed25519 over DAG-CBOR only: {@code 34 01 ed01 ed01 13 71} (varsig v1, EdDSA,
 * edwards25519, SHA2-512, DAG-CBOR payload).
 */
public final class Varsig {
  private static final byte[] ED25519_DAG_CBOR = HexFormat.of().parseHex("3401ed01ed011371");

  private Varsig() {}

  public static byte[] ed25519DagCbor() {
    return ED25519_DAG_CBOR.clone();
  }

  public static boolean isEd25519DagCbor(byte[] header) {
    return Arrays.equals(header, ED25519_DAG_CBOR);
  }
}
