package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.task.Await;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ipvm workflow run} of effect tasks: per run unless their nonce is pinned. */
class WorkflowEffectsRunIT extends WorkflowRunFixture {
  /**
   * Effect tasks awaiting a pure task: the one without a nonce runs again on every run (a new
   * Task ID), the pinned one is replayed.
   */
  @Test
  void effectTasksRunAgainOnEveryRunUnlessTheirNonceIsPinned() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Files.copy(SAMPLES.resolve("uppercase.wasm"), dir.resolve("uppercase.wasm"));
    Path wf = write("effects.json", "{\"tasks\": ["
        + "{\"name\": \"upper\", \"run\": {\"mod\": \"uppercase.wasm\", \"fun\": \"uppercase\", \"params\": [\"ready\"]}},"
        + "{\"name\": \"notify\", \"cmd\": \"/http/post\","
        + "  \"args\": {\"url\": \"https://example.org/hook\", \"body\": {\"await/ok\": \"upper\"}}},"
        + "{\"name\": \"log\", \"cmd\": \"/kafka/publish\", \"nonce\": \"0a0b\","
        + "  \"args\": {\"topic\": \"log\", \"value\": {\"await/ok\": \"upper\"}}}]}");

    CliTest.Result tasks = CliTest.run("", "workflow", "tasks", wf.toString(), "--key", key.toString());
    assertThat(tasks.code()).as(tasks.err()).isZero();
    List<String> lines = tasks.text().lines().toList();
    assertThat(lines.get(0)).matches("upper   bafyrei[a-z2-7]+");
    assertThat(lines.get(1)).matches("notify  bafyrei[a-z2-7]+ \\(per run\\)  /http/post  awaits upper");
    assertThat(lines.get(2)).matches("log     bafyrei[a-z2-7]+  /kafka/publish  awaits upper");
    assertThat(tasks.err()).startsWith("(per run): an effect task without a \"nonce\" gets a random one on every run");
    JsonNode listed = new ObjectMapper().readTree(CliTest.run("", "workflow", "tasks", "--json", wf.toString(),
        "--key", key.toString()).text());
    assertThat(listed.get("tasks").get(1).get("perRun").asBoolean()).isTrue();
    assertThat(listed.get("tasks").get(1).get("cmd").asText()).isEqualTo("/http/post");
    assertThat(listed.get("tasks").get(1).has("module")).isFalse();
    assertThat(listed.get("tasks").get(2).get("perRun").asBoolean()).isFalse();
    assertThat(listed.get("tasks").get(0).get("fun").asText()).isEqualTo("uppercase");

    CliTest.Result r = run(t, wf, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode first = new ObjectMapper().readTree(r.text()).get("tasks");
    Cid upperId = Cid.parse(first.get(0).get("taskId").asText());
    Invocation notify = executor.received.stream().map(Signed::payload)
        .filter(i -> i.cmd().equals("/http/post")).findFirst().orElseThrow();
    assertThat(notify.args().get("body")).isEqualTo(new Await(Await.Kind.OK, upperId).toIpld());
    assertThat(first.get(1).get("nonce").asText()).isEqualTo(HexFormat.of().formatHex(notify.nonce()));
    assertThat(first.get(1).get("receipt").get("out").get("ok").get("status").asInt()).isEqualTo(200);
    assertThat(first.get(2).get("nonce").asText()).isEqualTo("0a0b");
    assertThat(first.get(0).has("nonce")).isFalse();
    assertThat(executor.effectsRun).hasSize(2);

    CliTest.Result again = run(t, wf);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("upper   memo hit", "notify  ok", "log     ok (replay)");
    assertThat(again.text()).contains("log: {\"bytes\":5,\"topic\":\"log\"}"); // "READY"
    // notify ran again, under a new Task ID; log did not
    assertThat(executor.effectsRun).hasSize(3).doesNotHaveDuplicates();
  }
}
