package dev.ipvm.wasm.component;

/**
 * Why a call through the canonical ABI failed. The first three are about the task (its params,
 * or a result with no IPLD form or too large); the others say the module broke the ABI.
 */
public enum AbiError {
  /** The params do not fit the export's WIT signature. */
  BAD_PARAMS(false),
  /** The result has no IPLD form (a NaN or infinite float). */
  BAD_RESULT(false),
  /** The lifted result is larger than the output limit. */
  OUTPUT_TOO_LARGE(false),
  /** A pointer or length outside the module's memory. */
  OUT_OF_BOUNDS(true),
  /** A pointer not aligned to its type's alignment. */
  MISALIGNED(true),
  /** A string that is not valid UTF-8. */
  INVALID_UTF8(true),
  /** A char that is not a Unicode scalar value. */
  INVALID_CHAR(true),
  /** A variant, enum, option or result discriminant outside its cases. */
  BAD_DISCRIMINANT(true),
  /** A core function whose type is not what the WIT signature flattens to. */
  SIGNATURE_MISMATCH(true),
  /** An export the ABI needs ({@code memory}, {@code cabi_realloc}) is missing. */
  MISSING_EXPORT(true);

  private final boolean moduleFault;

  AbiError(boolean moduleFault) {
    this.moduleFault = moduleFault;
  }

  /** Whether the module broke the ABI (rather than the task giving bad params). */
  public boolean moduleFault() {
    return moduleFault;
  }
}
