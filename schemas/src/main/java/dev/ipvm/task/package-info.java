/**
 * Typed forms of the commands an invocation can name ({@link dev.ipvm.task.Command}): pure
 * {@code /wasm/run} args and the limits its {@code meta} asks for; the effects {@code /http/*}
 * and {@code /kafka/publish}; awaits; and the effect requests a pure function may return
 * ({@link dev.ipvm.task.FxRequest}). Clients build them; the job reads them.
 */
package dev.ipvm.task;
