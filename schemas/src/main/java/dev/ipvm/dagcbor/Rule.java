package dev.ipvm.dagcbor;

/** The DAG-CBOR rules the decoder enforces, one per way bytes can be rejected. */
public enum Rule {
  EMPTY_INPUT("empty input: expected one data item"),
  TRAILING_BYTES("trailing bytes after the data item"),
  TRUNCATED("input ends inside a data item"),
  INDEFINITE_LENGTH("indefinite-length items are not allowed"),
  RESERVED_ADDITIONAL_INFO("reserved additional-info value (28-30)"),
  NON_CANONICAL_INTEGER("integer, length or tag not in its shortest form"),
  NON_STRING_KEY("map keys must be strings"),
  DUPLICATE_KEY("duplicate map key"),
  KEY_ORDER("map keys out of canonical order (length first, then bytewise)"),
  FLOAT_NOT_64_BIT("floats must be encoded as 64-bit"),
  FLOAT_NOT_FINITE("NaN and infinities are not allowed"),
  FORBIDDEN_TAG("only tag 42 (CID) is allowed"),
  BAD_CID("tag 42 must hold a byte string of 0x00 followed by a valid binary CID"),
  FORBIDDEN_SIMPLE_VALUE("only the simple values false, true and null are allowed"),
  INVALID_UTF8("string is not valid UTF-8"),
  TOO_DEEP("nesting deeper than the decoder's limit"),
  TOO_LARGE("declared length exceeds the remaining input");

  private final String description;

  Rule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
