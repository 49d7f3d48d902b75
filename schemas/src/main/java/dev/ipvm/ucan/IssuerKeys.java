package dev.ipvm.ucan;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Principals' keys by DID, parsed and decoded once: a job sees the same few issuers sign many
 * invocations, and parsing a did:key (base58) and decoding its point cost about a tenth of a
 * verification each time. Decoding a payload checks its DIDs here too. Bounded: when full it starts over, which costs only re-parsing.
 * A DID that does not parse is not kept (it throws each time, as before).
 */
final class IssuerKeys {
  static final int MAX_ENTRIES = 4096;
  private static final ConcurrentHashMap<String, Ed25519.Key> KEYS = new ConcurrentHashMap<>();

  private IssuerKeys() {}

  /**
   * The decoded key of {@code did}.
   *
   * @throws UcanException INVALID_DID when it is not an Ed25519 did:key
   */
  static Ed25519.Key of(String did) {
    Ed25519.Key key = did == null ? null : KEYS.get(did);
    if (key == null) {
      key = Ed25519.Key.of(DidKey.parse(did).publicKey());
      if (KEYS.size() >= MAX_ENTRIES) {
        KEYS.clear();
      }
      KEYS.put(did, key);
    }
    return key;
  }
}
