package dev.ipvm.dagjson;

/** The DAG-JSON rules the codec enforces, one per way a document or value can be rejected. */
public enum Rule {
  EMPTY_INPUT("empty input: expected one JSON value"),
  MALFORMED_JSON("malformed JSON"),
  TRAILING_CONTENT("content after the JSON value"),
  TOO_LARGE("a number, string or document exceeds the parser's size limits"),
  DUPLICATE_KEY("duplicate map key"),
  INTEGER_OUT_OF_RANGE("integer outside the IPLD range -2^64 .. 2^64-1"),
  FLOAT_NOT_FINITE("NaN, infinities and numbers beyond the 64-bit float range are not allowed"),
  LONE_SURROGATE("string holds an unpaired UTF-16 surrogate, which is not Unicode text"),
  BAD_LINK("a link {\"/\": string} must hold a CIDv1 in base32 or a CIDv0 in base58btc"),
  BAD_BYTES("bytes {\"/\": {\"bytes\": string}} must hold standard base64 without padding"),
  RESERVED_KEY("map uses the reserved \"/\" key in a form that is neither a link nor bytes"),
  TOO_DEEP("nesting deeper than the codec's limit");

  private final String description;

  Rule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
