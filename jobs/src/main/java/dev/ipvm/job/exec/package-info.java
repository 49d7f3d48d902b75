/** Executors of dispatched tasks: the async Wasm executor and the process-wide runtime it shares. */
package dev.ipvm.job.exec;
