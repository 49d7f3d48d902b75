/**
 * The component model's canonical ABI for core modules built by wit-bindgen (Homestar's modules):
 * the WIT signatures read from a module's {@code component-type} custom section
 * ({@link dev.ipvm.wasm.component.ComponentTypeParser}), and IPLD values lowered into and lifted
 * out of the module through the canonical ABI ({@link dev.ipvm.wasm.component.CanonicalCall}),
 * following Homestar's IPLD ↔ WIT mapping. Every pointer and length the module hands back is
 * checked against its memory; a malformed section or a module that breaks the ABI ends in a
 * named error ({@link dev.ipvm.wasm.component.ComponentTypeError},
 * {@link dev.ipvm.wasm.component.AbiError}), never in another exception.
 */
package dev.ipvm.wasm.component;
