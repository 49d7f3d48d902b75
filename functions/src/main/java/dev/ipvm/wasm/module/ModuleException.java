package dev.ipvm.wasm.module;

import java.util.Optional;

/**
 * A Wasm module could not be read, or uses a feature the runtime does not allow.
 *
 * <p>The message names what went wrong and where: the section, the function (by function index)
 * when inside the code section, and the byte offset in the module. Callers map both kinds to the
 * error name "InvalidModule"; {@link #feature()} tells a forbidden feature apart.
 */
public final class ModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem this is. */
  public enum Kind {
    /** The bytes are not a well-formed module (bad magic, truncated, unknown opcode, ...). */
    INVALID_MODULE,
    /** The module is well formed but uses a {@link ForbiddenFeature}. */
    FORBIDDEN_FEATURE
  }

  private final Kind kind;
  private final ForbiddenFeature feature;
  private final int offset;

  private ModuleException(Kind kind, ForbiddenFeature feature, int offset, String message) {
    super(message);
    this.kind = kind;
    this.feature = feature;
    this.offset = offset;
  }

  /** A malformed module; {@code where} is e.g. "code section, function 3", offset may be -1. */
  static ModuleException invalid(String what, String where, int offset) {
    return new ModuleException(Kind.INVALID_MODULE, null, offset, describe(what, where, offset));
  }

  /** A forbidden feature; {@code detail} says which construct, e.g. "opcode 0xFD 0x0C". */
  static ModuleException forbidden(
      ForbiddenFeature feature, String detail, String where, int offset) {
    String what = feature.reason() + (detail == null ? "" : " (" + detail + ")");
    return new ModuleException(
        Kind.FORBIDDEN_FEATURE, feature, offset, describe(what, where, offset));
  }

  private static String describe(String what, String where, int offset) {
    StringBuilder sb = new StringBuilder(what);
    if (where != null || offset >= 0) {
      sb.append(" [");
      if (where != null) {
        sb.append(where);
      }
      if (offset >= 0) {
        sb.append(where != null ? ", " : "").append("offset 0x").append(Integer.toHexString(offset));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  public Kind kind() {
    return kind;
  }

  /** The forbidden feature, present exactly when {@link #kind()} is FORBIDDEN_FEATURE. */
  public Optional<ForbiddenFeature> feature() {
    return Optional.ofNullable(feature);
  }

  /** Byte offset in the module where the problem was found, or -1 when not tied to one. */
  public int offset() {
    return offset;
  }
}
