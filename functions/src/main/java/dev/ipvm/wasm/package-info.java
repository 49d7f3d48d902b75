/**
 * The bounded, deterministic Wasm runtime on Chicory: modules loaded once per CID (validated,
 * fuel-metered, compiled) and run in a fresh instance per task, within fuel, memory, time,
 * stack and output limits, through the numeric or the bytes ABI. Every run ends in an
 * {@link dev.ipvm.wasm.Outcome}: a value, or a named {@link dev.ipvm.wasm.WasmError}.
 */
package dev.ipvm.wasm;
