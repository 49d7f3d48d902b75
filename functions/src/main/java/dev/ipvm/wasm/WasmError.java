package dev.ipvm.wasm;

import dev.ipvm.receipt.ErrorName;

/**
 * Why a run failed, by a stable name users can match on in receipts. {@link #deterministic()}
 * says whether the same module and input always fail the same way (so the outcome may be
 * memoized); {@link #dependsOnLimits()} says whether that holds only under the same limits.
 */
public enum WasmError implements ErrorName {
  /** The module trapped (unreachable, out-of-bounds access, division by zero, ...). */
  TRAP("Trap", true, false),
  /** The fuel budget (Wasm instructions) ran out. */
  OUT_OF_FUEL("OutOfFuel", true, true),
  /** The module needs more memory than the cap: a larger initial size, or a refused memory.grow. */
  MEMORY_LIMIT("MemoryLimit", true, true),
  /** The wall-clock limit passed; depends on the machine, so never memoized. */
  TIMEOUT("Timeout", false, false),
  /** The call stack overflowed; the depth at which that happens varies, so never memoized. */
  STACK_OVERFLOW("StackOverflow", false, false),
  /** The bytes are not a valid Wasm module, use a feature we reject, or are too large. */
  INVALID_MODULE("InvalidModule", true, false),
  /** The module imports something that is not allowed. */
  FORBIDDEN_IMPORT("ForbiddenImport", true, false),
  /** The module has no exported function of that name. */
  NO_SUCH_FUNCTION("NoSuchFunction", true, false),
  /** The params do not fit the function's signature or ABI. */
  BAD_PARAMS("BadParams", true, false),
  /** The result has no IPLD form: a NaN or infinite float, or bytes that are not strict DAG-CBOR. */
  BAD_RESULT("BadResult", true, false),
  /** The result is larger than the output limit. */
  OUTPUT_TOO_LARGE("OutputTooLarge", true, true),
  /**
   * The module broke the component model's canonical ABI: a pointer or length outside its
   * memory, a misaligned pointer, invalid UTF-8, an impossible discriminant or char, or core
   * functions whose types do not match the WIT signatures of its component-type section.
   */
  ABI_VIOLATION("AbiViolation", true, false);

  private final String errorName;
  private final boolean deterministic;
  private final boolean dependsOnLimits;

  WasmError(String errorName, boolean deterministic, boolean dependsOnLimits) {
    this.errorName = errorName;
    this.deterministic = deterministic;
    this.dependsOnLimits = dependsOnLimits;
  }

  @Override
  public String errorName() {
    return errorName;
  }

  public boolean deterministic() {
    return deterministic;
  }

  public boolean dependsOnLimits() {
    return dependsOnLimits;
  }
}
