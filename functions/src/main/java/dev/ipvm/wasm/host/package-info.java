/**
 * The host functions a Homestar module may import, made deterministic so that a run's result
 * depends only on its module and params: {@code wasi:logging/logging} (log lines go to the
 * job's log, bounded per run, and never change the result) and
 * {@code homestar:host/helpers@0.1.1} (a virtual clock counted in fuel, not read from the
 * machine). Every other import stays refused ({@code ForbiddenImport}).
 */
package dev.ipvm.wasm.host;
