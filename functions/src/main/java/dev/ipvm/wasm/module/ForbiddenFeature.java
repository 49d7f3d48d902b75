package dev.ipvm.wasm.module;

/** WebAssembly features that the runtime refuses to load, each with the reason it gives. */
public enum ForbiddenFeature {
  SIMD("SIMD instructions are not allowed"),
  THREADS("atomic instructions (threads) are not allowed"),
  SHARED_MEMORY("shared memories (threads) are not allowed"),
  EXCEPTION_HANDLING("exception handling is not allowed"),
  TAIL_CALLS("tail calls are not allowed"),
  GC("GC and typed function references are not allowed"),
  MEMORY64("64-bit memories and tables are not allowed");

  private final String reason;

  ForbiddenFeature(String reason) {
    this.reason = reason;
  }

  /** A sentence saying what is not allowed, e.g. "SIMD instructions are not allowed". */
  public String reason() {
    return reason;
  }
}
