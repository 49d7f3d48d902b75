package dev.ipvm.ucan;

import dev.ipvm.cid.Cid;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A payload together with the envelope it came in or was signed into. */
public record Signed<P extends Payload>(Envelope envelope, P payload) {

  /** Signs {@code payload} with {@code signer}, which must be its issuer, under its final 1.0 tag. */
  public static <P extends Payload> Signed<P> sign(Signer signer, P payload) {
    return sign(signer, payload, TagSpelling.FINAL);
  }

  /** Signs {@code payload} with {@code signer}, which must be its issuer, under the tag {@code spelling} names. */
  public static <P extends Payload> Signed<P> sign(Signer signer, P payload, TagSpelling spelling) {
    if (!signer.didText().equals(payload.iss())) {
      throw new UcanException(UcanException.Reason.INVALID_PAYLOAD,
          "the signing key is " + signer.did() + " but the payload's issuer is " + payload.iss());
    }
    return new Signed<>(Envelope.sign(signer, payload.tag(spelling), payload.toIpld()), payload);
  }

  /** Decodes an envelope whose tag is one of {@code tags} and parses its payload. Not verified. */
  public static <P extends Payload> Signed<P> decode(byte[] bytes, Set<String> tags, String what,
      Function<Envelope, P> parse) {
    Envelope envelope = Envelope.decode(bytes);
    if (!tags.contains(envelope.tag())) {
      throw new UcanException(UcanException.Reason.UNKNOWN_TYPE,
          "envelope tag '" + envelope.tag() + "' is not " + what + " (accepted: " + tags + ")");
    }
    return new Signed<>(envelope, parse.apply(envelope));
  }

  /**
   * Checks the signature against the issuer's did:key.
   *
   * @throws UcanException with the reason when it does not verify
   */
  public Signed<P> verify() {
    return verify(SignatureVerifier.BOUNCY_CASTLE);
  }

  /** {@link #verify()}, the Ed25519 check made by {@code verifier}. */
  public Signed<P> verify(SignatureVerifier verifier) {
    envelope.verify(IssuerKeys.of(payload.iss()), payload.iss(), verifier);
    return this;
  }

  /** Why the signature does not verify, or empty when it does. */
  public Optional<UcanException> signatureProblem() {
    return signatureProblem(SignatureVerifier.BOUNCY_CASTLE);
  }

  /** {@link #signatureProblem()}, the Ed25519 check made by {@code verifier}. */
  public Optional<UcanException> signatureProblem(SignatureVerifier verifier) {
    try {
      verify(verifier);
      return Optional.empty();
    } catch (UcanException e) {
      return Optional.of(e);
    }
  }

  /** The CID of the envelope (dag-cbor, sha2-256). */
  public Cid cid() {
    return envelope.cid();
  }

  public byte[] bytes() {
    return envelope.bytes();
  }
}
