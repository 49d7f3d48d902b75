package dev.ipvm.wasm.component;

/** Why a {@code component-type} custom section could not be read; named in the load error. */
public enum ComponentTypeError {
  /** The section ends in the middle of something. */
  TRUNCATED,
  /** Not a component binary: wrong magic, version or layer. */
  BAD_PREAMBLE,
  /** A LEB128 number longer or larger than its type allows. */
  BAD_NUMBER,
  /** A name that is not UTF-8. */
  BAD_NAME,
  /** An opcode or type code the format does not define here. */
  UNKNOWN_CODE,
  /** A type or instance index out of range, or naming something of the wrong kind. */
  BAD_INDEX,
  /** A definition the format allows but no wit-bindgen world uses (core types, named results). */
  UNSUPPORTED,
  /** A string encoding other than UTF-8. */
  UNSUPPORTED_ENCODING,
  /** Types nested deeper than the runtime follows, or a type larger than the ABI allows. */
  TOO_LARGE,
  /** Bytes left over after a definition that should have ended there. */
  TRAILING_BYTES,
  /** Two component-type sections export the same function name with different signatures. */
  CONFLICT
}
