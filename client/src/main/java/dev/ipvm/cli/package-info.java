/**
 * The {@code ipvm} command line (picocli): one class per command group ({@code dag}, {@code key},
 * {@code invocation}, {@code delegation}, {@code wasm}) and per command that talks to a running IPVM over Kafka
 * ({@code put}, {@code run}, {@code receipts}; their clients are set up in {@code Kafka}). Every
 * command reads standard input or a file, writes standard output, and fails with one line and exit
 * code 1 (bad input) or 2 (usage); {@code run} exits 3 when no receipt comes in time.
 */
package dev.ipvm.cli;
