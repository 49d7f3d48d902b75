package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cli.workflow.WorkflowRunCommand;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ipvm workflow run}: every task run, awaited ones first, bytes written to files, the report
 * as progress lines, ANSI or JSON, and a repeat answered from the memo.
 */
class WorkflowRunIT extends WorkflowRunFixture {
  @Test
  void runsEveryTaskAwaitedFirstWritesBytesToFilesAndAnswersARepeatFromTheMemo() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Path wf = imageWorkflow();

    CliTest.Result tasks = CliTest.run("", "workflow", "tasks", wf.toString(), "--key", key.toString());
    assertThat(tasks.code()).as(tasks.err()).isZero();
    List<String> taskLines = tasks.text().lines().toList();
    assertThat(taskLines).hasSize(4);
    assertThat(taskLines.get(0)).matches("rotate  bafyrei[a-z2-7]+  awaits crop");
    assertThat(taskLines.get(1)).matches("crop    bafyrei[a-z2-7]+");
    assertThat(taskLines.get(3)).matches("#4      bafyrei[a-z2-7]+");
    Cid rotateId = Cid.parse(taskLines.get(0).split("\\s+")[1]);
    Cid cropId = Cid.parse(taskLines.get(1).split("\\s+")[1]);

    CliTest.Result r = run(t, wf);
    assertThat(r.code()).as(r.err()).isZero();
    Path crop = out.resolve("crop.ppm");
    Path rotate = out.resolve("rotate.ppm");
    assertThat(r.text()).isEqualTo(
        "rotate: written to " + rotate + " (36878 bytes)" + NL
            + "crop: written to " + crop + " (36878 bytes)" + NL
            + "sum: 42" + NL
            + "#4: 55" + NL);
    assertThat(new String(Files.readAllBytes(crop), 0, 14, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("P6\n128 96\n255\n");
    assertThat(new String(Files.readAllBytes(rotate), 0, 14, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("P6\n96 128\n255\n");

    // progress: first states, then each change, then the summary
    List<String> progress = r.err().lines().toList();
    assertThat(progress.subList(0, 4)).containsExactly("rotate  waiting", "crop    running", "sum     running",
        "#4      running");
    assertThat(progress).contains("rotate  ok", "crop    ok", "sum     ok", "#4      ok");
    assertThat(progress.indexOf("crop    ok")).isLessThan(progress.indexOf("rotate  ok"));
    assertThat(progress.get(progress.size() - 1)).matches("4/4 done, 0 running, 0 waiting, \\d+\\.\\d s");
    // rotate may go from waiting to ok at once, when both receipts come in one poll
    assertThat(progress.subList(4, progress.size() - 1)).hasSizeBetween(4, 5)
        .containsOnly("rotate  running", "rotate  ok", "crop    ok", "sum     ok", "#4      ok");

    // published: the module once, then the tasks, awaited first, keyed by Task ID
    assertThat(executor.received).hasSize(4);
    List<Invocation> sent = executor.received.stream().map(Signed::payload).toList();
    Invocation cropInv = sent.stream().filter(i -> i.taskId().equals(cropId)).findFirst().orElseThrow();
    Invocation rotateInv = sent.stream().filter(i -> i.taskId().equals(rotateId)).findFirst().orElseThrow();
    assertThat(((Ipld.List) rotateInv.args().get("params")).get(0))
        .isEqualTo(new Await(Await.Kind.OK, cropId).toIpld());
    assertThat(cropInv.meta()).isEqualTo(Ipld.Map.builder().put("fuel", 1000000000L).build());
    assertThat(cropInv.shareable()).isTrue();
    assertThat(cropInv.iss()).isEqualTo(Signer.load(key).did().toString());

    // again, in a later second: new invocations, the same Task IDs, every answer from the memo
    nextSecond(cropInv.iat());
    CliTest.Result again = run(t, wf);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("rotate  memo hit", "crop    memo hit", "sum     memo hit", "#4      memo hit");
    assertThat(again.text()).isEqualTo(r.text());
    assertThat(executor.received).hasSize(8);
    List<Signed<Invocation>> second = executor.received.subList(4, 8);
    assertThat(second).extracting(s -> s.payload().taskId())
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Invocation::taskId).toList());
    assertThat(second).extracting(Signed::cid)
        .doesNotContainAnyElementsOf(executor.received.subList(0, 4).stream().map(Signed::cid).toList());
  }

  @Test
  void jsonPrintsOneObjectWithEveryTask() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Path wf = imageWorkflow();
    CliTest.Result r = run(t, wf, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.text().strip().lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(r.text());
    assertThat(json.get("seconds").isNumber()).isTrue();
    JsonNode tasks = json.get("tasks");
    assertThat(tasks).hasSize(4);
    JsonNode rotate = tasks.get(0);
    assertThat(rotate.get("name").asText()).isEqualTo("rotate");
    assertThat(rotate.get("status").asText()).isEqualTo("ok");
    assertThat(rotate.get("memo").asBoolean()).isFalse();
    assertThat(rotate.get("coalesced").asBoolean()).isFalse();
    assertThat(rotate.get("file").asText()).isEqualTo(out.resolve("rotate.ppm").toString());
    assertThat(rotate.get("receipt").get("out").get("ok").get("/").get("bytes").asText()).startsWith("UDYK");
    assertThat(rotate.has("invalid")).isFalse();
    String invocation = rotate.get("invocation").asText();
    String taskId = rotate.get("taskId").asText();
    assertThat(rotate.get("receipt").get("ran").get("/").asText()).isEqualTo(invocation);
    assertThat(rotate.get("receipt").get("meta").get("task").get("/").asText()).isEqualTo(taskId);
    assertThat(executor.received).anySatisfy(s -> assertThat(s.cid().toString()).isEqualTo(invocation));
    JsonNode sum = tasks.get(2);
    assertThat(sum.get("receipt").get("out").get("ok").asInt()).isEqualTo(42);
    assertThat(sum.has("file")).isFalse();
    assertThat(tasks.get(3).get("name").isNull()).isTrue();

    executor.markMemoHitsCoalesced = true;
    nextSecond(executor.received.get(0).payload().iat());
    JsonNode again = new ObjectMapper().readTree(run(t, wf, "--json").text());
    assertThat(again.get("tasks").get(0).get("taskId").asText()).isEqualTo(taskId);
    assertThat(again.get("tasks").get(0).get("invocation").asText()).isNotEqualTo(invocation);
    assertThat(again.get("tasks").get(0).get("coalesced").asBoolean()).isTrue();
    assertThat(again.get("tasks").get(0).get("memo").asBoolean()).isFalse();
    executor.markMemoHitsCoalesced = false;
    JsonNode third = new ObjectMapper().readTree(run(t, wf, "--json").text());
    assertThat(third.get("tasks").get(0).get("memo").asBoolean()).isTrue();
    assertThat(third.get("tasks").get(0).get("coalesced").asBoolean()).isFalse();
  }

  @Test
  void identicalTasksArePublishedOnceAndShareTheReceipt() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Path wf = write("twice.json", "{\"tasks\": ["
        + "{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}},"
        + "{\"name\": \"b\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}},"
        + "{\"name\": \"c\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [{\"await/ok\": \"b\"}, 3]}}]}");
    CliTest.Result r = run(t, wf);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo("a: 3" + NL + "b: 3" + NL + "c: 6" + NL);
    assertThat(executor.received).hasSize(2);
  }

  @Test
  void ansiProgressRedrawsInPlace() throws Exception {
    Topics t = topics();
    executor(t);
    Path wf = write("one.json", "{\"tasks\": [{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\","
        + " \"params\": [1, 2]}}]}");
    CliTest.Result r = run(t, wf, "--progress", "ansi");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).startsWith("\033[2Ka  running\n\033[2K0/1 done, 1 running, 0 waiting, ")
        .contains("\r\033[2A\033[2Ka  ok\n\033[2K1/1 done, 0 running, 0 waiting, ")
        .endsWith(" s\n");
    assertThat(r.text()).isEqualTo("a: 3" + NL);
  }

  @Test
  void defaultOutIsNamedAfterTheWorkflowFile() {
    assertThat(WorkflowRunCommand.defaultOut(Path.of("a/b/pipeline.json"))).isEqualTo(Path.of("pipeline.out"));
    assertThat(WorkflowRunCommand.defaultOut(Path.of("flow"))).isEqualTo(Path.of("flow.out"));
    assertThat(WorkflowRunCommand.defaultOut(Path.of("x.y.json"))).isEqualTo(Path.of("x.y.out"));
  }

  @Test
  void helpShowsExamples() {
    for (String[] cmd : List.of(new String[] {"workflow", "--help"}, new String[] {"workflow", "run", "--help"},
        new String[] {"workflow", "tasks", "--help"})) {
      CliTest.Result r = CliTest.run("", cmd);
      assertThat(r.code()).isZero();
      assertThat(r.text()).contains("Examples:", "ipvm workflow");
    }
    assertThat(CliTest.run("", "--help").text()).contains("workflow");
  }
}
