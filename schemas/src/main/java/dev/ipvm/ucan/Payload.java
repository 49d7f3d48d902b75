package dev.ipvm.ucan;

import dev.ipvm.ipld.Ipld;

/** A UCAN payload that travels in an {@link Envelope}: an invocation, delegation or receipt. */
public interface Payload {
  /** The DID whose key signs the envelope. */
  String iss();

  /** The tag the payload is written under by default, e.g. {@code ucan/inv@1.0.0}. */
  String tag();

  /**
   * The tag the payload is written under in {@code spelling}. Payloads with a single tag (receipts,
   * which have no 1.0 spec) ignore it.
   */
  default String tag(TagSpelling spelling) {
    return tag();
  }

  Ipld.Map toIpld();
}
