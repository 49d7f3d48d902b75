/**
 * Workflow documents (schemas/ipld/workflow.ipldsch): {@code {"tasks": [{name?, run: {mod, fun,
 * params?} | cmd, args, meta?, nonce?}, ...]}}, tasks awaiting each other by name or by Task ID; a
 * {@code cmd} task may be an effect ({@code /http/*}, {@code /kafka/publish}); Homestar's documents
 * are read unchanged.
 *
 * <p>The public API is small: {@link dev.ipvm.workflow.WorkflowDocument} reads and checks a
 * document into {@link dev.ipvm.workflow.Task}s (their modules a {@link
 * dev.ipvm.workflow.ModuleSource}, their awaits {@link dev.ipvm.workflow.AwaitRef}s) and, given the
 * signer's DID, resolves it into a {@link dev.ipvm.workflow.ResolvedWorkflow}: names replaced by
 * Task IDs in dependency order, ready to sign. A Homestar task may await an instruction another
 * workflow ran: {@link dev.ipvm.workflow.WorkflowDocument#externalInstructions()} lists them and
 * {@link dev.ipvm.workflow.KnownInstructions}, which the caller finds (the CLI on the invocations
 * topic), gives their Task IDs. Every problem is a {@link
 * dev.ipvm.workflow.WorkflowException}. Behind it, one class per step: {@code WorkflowParser} (the
 * native form) with {@code DocumentFiles} (the files a task names), {@code HomestarDialect} and
 * {@code HomestarJson} (Homestar's form), {@code TaskGraph} (awaits matched, dependency order,
 * cycles) and {@code Resolver} (Task IDs).
 *
 * <p>Nothing here talks to Kafka or knows the command line: {@code dev.ipvm.cli} uses this package,
 * never the other way round.
 */
package dev.ipvm.workflow;
