package dev.ipvm.wasm;

/** How Chicory executes a module. */
public enum Engine {
  /** Wasm compiled to JVM bytecode once per module: 100-500x faster on compute. The default. */
  COMPILER,
  /** Chicory's interpreter: no compile step, for comparison and for modules the compiler cannot take. */
  INTERPRETER
}
