/**
 * JMH benchmarks of the Wasm runtime's engine: Chicory's compiler and interpreter on the sample
 * functions, with and without fuel metering; {@code benchmarks/wasm/v8-bench.mjs} times the same
 * modules in V8 as the anchor.
 */
package dev.ipvm.bench.wasm;
