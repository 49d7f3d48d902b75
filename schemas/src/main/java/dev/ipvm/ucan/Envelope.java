package dev.ipvm.ucan;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.util.Arrays;

/**
 * The UCAN 1.0 signed envelope: DAG-CBOR {@code [sig, {"h": header, tag: payload}]}, the
 * signature taken over the DAG-CBOR bytes of the second element (the SigPayload).
 */
public final class Envelope {
  private final byte[] signature;
  private final byte[] header;
  private final String tag;
  private final Ipld.Map payload;
  private final byte[] bytes;
  /** Where the SigPayload (element [1]) starts in {@link #bytes}: the signed bytes run to the end. */
  private final int signedFrom;

  private Envelope(byte[] signature, byte[] header, String tag, Ipld.Map payload, byte[] bytes) {
    this.signature = signature;
    this.header = header;
    this.tag = tag;
    this.payload = payload;
    this.bytes = bytes;
    // canonical DAG-CBOR: 0x82, the signature's byte-string head and bytes, then element [1]
    int sigHead = signature.length < 24 ? 1 : signature.length < 256 ? 2 : signature.length < 65536 ? 3 : 5;
    this.signedFrom = 1 + sigHead + signature.length;
  }

  /** Signs {@code payload} under {@code tag} with Ed25519 over DAG-CBOR. */
  public static Envelope sign(Signer signer, String tag, Ipld.Map payload) {
    byte[] header = Varsig.ed25519DagCbor();
    Ipld.Map sigPayload = sigPayload(header, tag, payload);
    byte[] sig = signer.sign(DagCbor.encode(sigPayload));
    byte[] bytes = DagCbor.encode(Ipld.list(Ipld.Bytes.wrap(sig), sigPayload));
    return new Envelope(sig, header, tag, payload, bytes);
  }

  /**
   * Reads an envelope's structure. The signature is not checked here: see {@link #verify}.
   *
   * @throws dev.ipvm.dagcbor.DagCborException when the bytes are not strict DAG-CBOR
   * @throws UcanException (MALFORMED_ENVELOPE) when they are, but not an envelope
   */
  public static Envelope decode(byte[] bytes) {
    Ipld root = DagCbor.decode(bytes);
    if (!(root instanceof Ipld.List list) || list.size() != 2) {
      throw malformed("expected a 2-element list [signature, {h, tag: payload}], got " + describe(root));
    }
    if (!(list.get(0) instanceof Ipld.Bytes sig)) {
      throw malformed("element 0 (the signature) must be bytes, got " + describe(list.get(0)));
    }
    if (!(list.get(1) instanceof Ipld.Map sp)) {
      throw malformed("element 1 (the signed payload) must be a map, got " + describe(list.get(1)));
    }
    if (!(sp.get("h") instanceof Ipld.Bytes h)) {
      throw malformed("the signed payload needs an 'h' varsig header of bytes");
    }
    if (sp.size() != 2) {
      throw malformed("the signed payload must hold exactly 'h' and one type tag, found keys "
          + sp.entries().keySet());
    }
    String tag = sp.entries().keySet().stream().filter(k -> !k.equals("h")).findFirst().orElseThrow();
    if (!(sp.get(tag) instanceof Ipld.Map payload)) {
      throw malformed("the payload under '" + tag + "' must be a map, got " + describe(sp.get(tag)));
    }
    return new Envelope(sig.toByteArray(), h.toByteArray(), tag, payload, bytes.clone());
  }

  /**
   * Checks the signature against {@code issuer}'s key.
   *
   * @throws UcanException UNSUPPORTED_SIGNATURE or BAD_SIGNATURE
   */
  public void verify(DidKey issuer) {
    verify(Ed25519.Key.of(issuer.publicKey()), issuer.toString(), SignatureVerifier.BOUNCY_CASTLE);
  }

  /**
   * {@link #verify(DidKey)} with the issuer's key already decoded ({@link IssuerKeys}), the Ed25519
   * check itself made by {@code verifier}.
   */
  void verify(Ed25519.Key key, String issuer, SignatureVerifier verifier) {
    if (!Varsig.isEd25519DagCbor(header)) {
      throw new UcanException(UcanException.Reason.UNSUPPORTED_SIGNATURE, "varsig header "
          + java.util.HexFormat.of().formatHex(header) + " is not Ed25519 over DAG-CBOR (3401ed01ed011371)");
    }
    if (signature.length != 64) {
      throw new UcanException(UcanException.Reason.BAD_SIGNATURE,
          "an Ed25519 signature is 64 bytes, got " + signature.length);
    }
    // strict decoding means the bytes are canonical, so the SigPayload's encoding is this slice
    if (!key.verify(bytes, signedFrom, bytes.length - signedFrom, signature, verifier)) {
      throw new UcanException(UcanException.Reason.BAD_SIGNATURE,
          "signature does not verify for issuer " + issuer);
    }
  }

  public String tag() {
    return tag;
  }

  public Ipld.Map payload() {
    return payload;
  }

  public byte[] signature() {
    return signature.clone();
  }

  public byte[] header() {
    return header.clone();
  }

  /** The envelope's DAG-CBOR bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The CID of the whole envelope: dag-cbor, sha2-256. */
  public Cid cid() {
    return Cid.of(Multicodec.DAG_CBOR, bytes);
  }

  private static Ipld.Map sigPayload(byte[] header, String tag, Ipld.Map payload) {
    return Ipld.Map.builder().put("h", Ipld.Bytes.wrap(header)).put(tag, payload).build();
  }

  static UcanException malformed(String message) {
    return new UcanException(UcanException.Reason.MALFORMED_ENVELOPE, "envelope: " + message);
  }

  static String describe(Ipld value) {
    return value.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && Arrays.equals(bytes, e.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
