/**
 * The {@code ipvm} command line (picocli): {@link dev.ipvm.cli.Main}, the root command, wires the
 * command groups of the subpackages, each named after what its commands do:
 *
 * <ul>
 *   <li>{@code local}: {@code dag} and {@code wasm}, IPLD data and Wasm modules on this machine;
 *   <li>{@code ucan}: {@code key}, {@code invocation}, {@code delegation} and {@code revoke},
 *       identities and the UCAN tokens they sign;
 *   <li>{@code remote}: {@code put}, {@code run}, {@code http}, {@code publish} and {@code
 *       receipts}, one block, task or listing at a time on a running IPVM;
 *   <li>{@code workflow}: {@code workflow run} and {@code workflow tasks}, documents of tasks
 *       (read by {@code dev.ipvm.workflow});
 * </ul>
 *
 * and what they share, below them: {@code kafka} (the clients and the submission of one signed
 * invocation), {@code signing} (the user's key and {@code --proof} delegations) and {@code
 * terminal} (standard streams, the terminal, how receipts read). Dependencies go one way, from
 * here down to {@code terminal} (PackageCyclesTest).
 *
 * <p>Every command reads standard input or a file, writes standard output, and fails with one
 * line and exit code 1 (bad input) or 2 (usage); the commands that wait for receipts exit 3 when
 * none comes in time.
 */
package dev.ipvm.cli;
