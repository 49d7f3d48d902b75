package dev.ipvm.ucan;

import dev.ipvm.ipld.Ipld;

/** A UCAN payload that travels in an {@link Envelope}: an invocation, delegation or receipt. */
public interface Payload {
  /** The DID whose key signs the envelope. */
  String iss();

  /** The tag the payload is written under, e.g. {@code ucan/inv@1.0.0-rc.1}. */
  String tag();

  Ipld.Map toIpld();
}
