/**
 * The {@code ipvm} command line (picocli): one class per command group ({@code dag}, {@code key},
 * {@code invocation}, {@code wasm}); every command reads standard input or a file, writes standard
 * output, and fails with one line and exit code 1 (bad input) or 2 (usage).
 */
package dev.ipvm.cli;
