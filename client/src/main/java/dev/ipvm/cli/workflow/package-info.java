/**
 * {@code ipvm workflow}: {@code tasks} resolves a document offline and lists its Task IDs; {@code
 * run} publishes every task and follows the receipts. A run is split by concern: the command
 * ({@code WorkflowRunCommand}: sign, publish, follow), the state of each task ({@code
 * WorkflowRun}), its live display on standard error ({@code WorkflowProgress}), the outputs on
 * standard output and in files ({@code WorkflowOutputs}) and the {@code --json} report ({@code
 * WorkflowReport}). Documents are read by {@code dev.ipvm.workflow}.
 */
package dev.ipvm.cli.workflow;
