/**
 * Workflow documents as the {@code ipvm workflow} commands read them (schemas/ipld/workflow.ipldsch):
 * {@code {"tasks": [{name?, run: {mod, fun, params?} | cmd, args, meta?, nonce?}, ...]}}, tasks
 * awaiting each other by name or by Task ID; a {@code cmd} task may be an effect ({@code /http/*},
 * {@code /kafka/publish}). {@link dev.ipvm.cli.workflow.WorkflowDocument} parses and checks a
 * document, resolves its client-side conveniences ({@code mod} as a file path, {@code {"file": path}}
 * in {@code params} or {@code args}) and, given the signer's DID, replaces names by Task IDs in dependency order
 * ({@link dev.ipvm.cli.workflow.ResolvedWorkflow}). Nothing here talks to Kafka.
 */
package dev.ipvm.cli.workflow;
