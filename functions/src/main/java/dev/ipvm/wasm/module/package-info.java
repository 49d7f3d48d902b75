/**
 * Reading, checking and rewriting WebAssembly binary modules before Chicory loads them.
 *
 * <ul>
 *   <li>{@link dev.ipvm.wasm.module.WasmFeatures#check(byte[])} rejects modules that use features
 *       the runtime does not allow (SIMD, threads/atomics and shared memory, exception handling,
 *       tail calls, GC/typed function references, 64-bit memories), naming the feature, section,
 *       function and byte offset.
 *   <li>{@link dev.ipvm.wasm.module.FuelMeter#instrument(byte[])} rewrites a module so that it
 *       meters its own execution ("fuel"). The same rewritten bytes run in Chicory's interpreter
 *       and in its compiler, so both engines use exactly the same fuel.
 * </ul>
 *
 * <p>Decoding goes only as deep as checking and metering need; everything else is copied byte
 * for byte. Full validation (types, indices, stack discipline) is left to Chicory. Problems are
 * reported as {@link dev.ipvm.wasm.module.ModuleException}.
 */
package dev.ipvm.wasm.module;
