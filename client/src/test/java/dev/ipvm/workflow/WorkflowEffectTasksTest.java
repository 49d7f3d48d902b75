package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.ucan.Invocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cmd} tasks in a workflow document: effects, their awaits, their nonces and their mistakes. */
class WorkflowEffectTasksTest extends WorkflowDocumentFixture {
  @Test
  void aCmdTaskAwaitsARunTaskByName() {
    WorkflowDocument wf = parse(doc(
        cmdTask("notify", "/http/post", "{\"url\": \"https://example.org/hook\", \"headers\": {\"x-from\": \"ipvm\"},"
            + " \"body\": {\"await/ok\": \"sum\"}}", "\"meta\": {\"note\": \"any meta\"}"),
        cmdTask("upload", "/http/put", "{\"url\": \"https://example.org/in.bin\", \"body\": {\"file\": \"data/in.bin\"}}",
            null),
        task("sum", "add", "[1, 2]")));
    assertThat(wf.order()).extracting(Task::label).containsExactly("upload", "sum", "notify");
    Task notify = wf.tasks().get(0);
    assertThat(notify.cmd()).isEqualTo(Command.HTTP_POST);
    assertThat(notify.module()).isNull();
    assertThat(notify.randomNonce()).isTrue();

    ResolvedWorkflow r = wf.resolve(DID);
    ResolvedWorkflow.ResolvedTask n = r.tasks().get(0);
    ResolvedWorkflow.ResolvedTask sum = r.tasks().get(2);
    // the name became the awaited task's Task ID, as in run params
    assertThat(n.args()).isEqualTo(Ipld.Map.builder()
        .put("url", "https://example.org/hook")
        .put("headers", Ipld.Map.builder().put("x-from", "ipvm").build())
        .put("body", new Await(Await.Kind.OK, sum.taskId()).toIpld())
        .build());
    assertThat(n.awaits()).extracting(ResolvedWorkflow.ResolvedAwait::label).containsExactly("sum");
    Invocation inv = n.invocation(1_700_000_000L);
    assertThat(inv.cmd()).isEqualTo("/http/post");
    assertThat(inv.taskId()).isEqualTo(n.taskId());
    assertThat(inv.nonce()).hasSize(WorkflowDocument.RANDOM_NONCE_BYTES);
    assertThat(inv.shareable()).isFalse();
    assertThat(inv.meta()).isEqualTo(Ipld.Map.builder().put("note", "any meta").build());
    // {"file": ...} in args becomes the file's bytes, as in params
    assertThat(r.tasks().get(1).args().get("body")).isEqualTo(Ipld.Bytes.of(new byte[] {1, 2, 3}));
    assertThat(r.modules()).containsOnlyKeys(mathCid); // sum's module only
    assertThat(r.perRun()).containsExactly(true, true, false);
  }

  @Test
  void anEffectsNonceIsRandomOnEveryReadingUnlessPinned() {
    String publish = cmdTask("pub", "/kafka/publish", "{\"topic\": \"log\", \"value\": {\"n\": 1}}", null);
    String after = task("after", "add", "[{\"await/*\": \"pub\"}, 1]");
    ResolvedWorkflow one = parse(doc(publish, after)).resolve(DID);
    ResolvedWorkflow two = parse(doc(publish, after)).resolve(DID);
    // each run is a new effect: new Task IDs for it and for what awaits it
    assertThat(two.tasks().get(0).taskId()).isNotEqualTo(one.tasks().get(0).taskId());
    assertThat(two.tasks().get(1).taskId()).isNotEqualTo(one.tasks().get(1).taskId());
    assertThat(one.perRun()).containsExactly(true, true);
    // the nonce is drawn when the document is read: resolving one reading again changes nothing
    WorkflowDocument read = parse(doc(publish, after));
    assertThat(read.resolve(DID).tasks().get(1).taskId()).isEqualTo(read.resolve(DID).tasks().get(1).taskId());

    String pinned = cmdTask("pub", "/kafka/publish", "{\"topic\": \"log\", \"value\": {\"n\": 1}}",
        "\"nonce\": \"0a0b\"");
    ResolvedWorkflow p1 = parse(doc(pinned, after)).resolve(DID);
    ResolvedWorkflow p2 = parse(doc(pinned, after)).resolve(DID);
    assertThat(p2.tasks()).extracting(ResolvedWorkflow.ResolvedTask::taskId)
        .containsExactlyElementsOf(p1.tasks().stream().map(ResolvedWorkflow.ResolvedTask::taskId).toList());
    assertThat(p1.tasks().get(0).invocation(1).nonce()).containsExactly(0x0a, 0x0b);
    assertThat(p1.tasks().get(0).task().randomNonce()).isFalse();
    assertThat(p1.perRun()).containsExactly(false, false);

    // a /wasm/run named by cmd is pure like a run task: empty nonce, stable Task ID
    String pure = "{\"cmd\": \"/wasm/run\", \"args\": {\"mod\": {\"/\": \"" + mathCid + "\"}, \"fun\": \"add\","
        + " \"params\": [1, 2]}}";
    ResolvedWorkflow w = parse(doc(pure, task("b", "add", "[1, 2]"))).resolve(DID);
    assertThat(w.tasks().get(0).invocation(1).shareable()).isTrue();
    assertThat(w.tasks().get(0).taskId()).isEqualTo(w.tasks().get(1).taskId());
    assertThat(w.perRun()).containsExactly(false, false);
  }

  @Test
  void cmdTaskMistakesAreErrorsNamingTheTask() {
    String supported = String.join(", ", Command.paths());
    assertThat(supported).contains("/wasm/run", "/http/post", "/kafka/publish");
    record Case(String json, String message) {}
    for (Case c : List.of(
        new Case(doc("{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\"}, \"cmd\": \"/http/get\","
            + " \"args\": {\"url\": \"https://example.org/\"}}"),
            "wf.json: task \"a\": has both \"run\" and \"cmd\": a task is either {\"run\": {mod, fun, params}} or"
                + " {\"cmd\": ..., \"args\": {...}}"),
        new Case(doc(cmdTask("a", "/http/patch", "{}", null)),
            "wf.json: task \"a\": cmd \"/http/patch\" is not supported (supported: " + supported + ")"),
        new Case(doc(cmdTask("hook", "/http/get", "{\"url\": \"https://example.org/\", \"body\": \"x\"}", null)),
            "wf.json: task \"hook\": invalid args for /http/get: a GET request has no body"),
        new Case(doc(cmdTask("hook", "/http/post", "{\"body\": \"x\"}", null)),
            "wf.json: task \"hook\": invalid args for /http/post: args.url is required"),
        new Case(doc(cmdTask("hook", "/http/post", "{\"url\": \"https://example.org/\","
            + " \"headers\": {\"Idempotency-Key\": \"1\"}}", null)),
            "wf.json: task \"hook\": invalid args for /http/post: args.headers may not set Idempotency-Key"),
        new Case(doc(cmdTask("log", "/kafka/publish", "{\"topic\": \"a b\", \"value\": 1}", null)),
            "wf.json: task \"log\": invalid args for /kafka/publish: args.topic 'a b' is not a legal Kafka topic name"),
        new Case(doc(cmdTask("log", "/kafka/publish", "{\"topic\": \"t\", \"value\": 1}", "\"nonce\": \"\"")),
            "wf.json: task \"log\": \"nonce\" must not be empty for an effect (/kafka/publish)"),
        new Case(doc("{\"name\": \"a\", \"cmd\": \"/http/get\"}"),
            "wf.json: task \"a\": \"args\" is missing: the /http/get arguments, a map"),
        new Case(doc("{\"cmd\": 7, \"args\": {}}"), "wf.json: task #1: \"cmd\" must be a string"),
        new Case(doc("{\"cmd\": \"/http/get\", \"args\": []}"), "wf.json: task #1: \"args\" must be a map, got a list"),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\"}, \"args\": {}}"),
            "wf.json: task #1: \"args\" goes with \"cmd\""),
        new Case(doc("{\"name\": \"a\"}"), "wf.json: task \"a\": \"run\" or \"cmd\" is missing"),
        new Case(doc(cmdTask("a", "/http/get", "{\"url\": {\"await/ok\": \"nosuch\"}}", null)),
            "wf.json: task \"a\": await/ok names \"nosuch\", which is no task of this workflow"))) {
      assertThatThrownBy(() -> parse(c.json())).as(c.json()).isInstanceOf(WorkflowException.class)
          .hasMessageContaining(c.message());
    }
    // args that await are checked by the job when it runs the task, not here
    assertThat(parse(doc(task("n", "add", "[1]"), cmdTask("a", "/http/get", "{\"url\": {\"await/ok\": \"n\"}}", null)))
        .tasks()).hasSize(2);
  }
}
