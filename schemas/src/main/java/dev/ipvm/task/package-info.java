/**
 * Typed forms of the commands an invocation can name: {@code /wasm/run} args and the limits
 * its {@code meta} asks for. Clients build them; the job reads them.
 */
package dev.ipvm.task;
