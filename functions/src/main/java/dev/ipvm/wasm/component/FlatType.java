package dev.ipvm.wasm.component;

/** The core Wasm value types a WIT value flattens to. */
public enum FlatType {
  I32, I64, F32, F64;

  /** The spec's join of two flat types met at one position of a variant's cases. */
  static FlatType join(FlatType a, FlatType b) {
    if (a == b) {
      return a;
    }
    if ((a == I32 && b == F32) || (a == F32 && b == I32)) {
      return I32;
    }
    return I64;
  }
}
