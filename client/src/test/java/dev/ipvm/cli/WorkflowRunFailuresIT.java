package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cli.remote.RunCommand;
import dev.ipvm.topic.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ipvm workflow run} when things go wrong: failed tasks and their dependents, receipts that
 * do not verify, no receipt in time, bad input.
 */
class WorkflowRunFailuresIT extends WorkflowRunFixture {
  @Test
  void aFailedTaskAndItsDependentsAreErrorsAndExitOne() throws Exception {
    Topics t = topics();
    executor(t);
    Path wf = write("fails.json", "{\"tasks\": ["
        + "{\"name\": \"slow\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"fib_rec\", \"params\": [30]},"
        + " \"meta\": {\"fuel\": 1000}},"
        + "{\"name\": \"next\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\","
        + " \"params\": [{\"await/ok\": \"slow\"}, 1]}},"
        + "{\"name\": \"fine\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 1]}}]}");
    CliTest.Result r = run(t, wf);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    List<String> lines = r.text().lines().toList();
    assertThat(lines.get(0)).startsWith("slow: error OutOfFuel: ");
    assertThat(lines.get(1)).startsWith("next: error AwaitMismatch: awaited task bafyrei").contains("OutOfFuel");
    assertThat(lines.get(2)).isEqualTo("fine: 2");
    assertThat(r.err()).contains("slow  error OutOfFuel: ", "next  error AwaitMismatch: ", "fine  ok")
        .contains("3/3 done, 0 running, 0 waiting, ");

    JsonNode json = new ObjectMapper().readTree(run(t, wf, "--json").text());
    assertThat(json.get("tasks").get(0).get("status").asText()).isEqualTo("error");
    assertThat(json.get("tasks").get(0).get("receipt").get("out").get("error").get("name").asText())
        .isEqualTo("OutOfFuel");
    assertThat(json.get("tasks").get(2).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void receiptsThatDoNotVerifyExitOne() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    executor.tamperSignatures = true;
    executor.abortFirst = true;
    Path wf = write("one.json", "{\"tasks\": [{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\","
        + " \"params\": [1, 2]}}]}");
    CliTest.Result r = run(t, wf);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.text()).startsWith("a: invalid receipt: does not verify: BadSignature: ");
    assertThat(r.err()).contains("a  invalid receipt: does not verify: BadSignature: ");
    JsonNode json = new ObjectMapper().readTree(run(t, wf, "--json").text());
    assertThat(json.get("tasks").get(0).get("status").asText()).isEqualTo("error");
    assertThat(json.get("tasks").get(0).get("invalid").asText()).startsWith("does not verify: BadSignature: ");
  }

  @Test
  void noReceiptInTimeExitsThreeNamingTheTasks() throws Exception {
    Topics t = topics(); // and no executor
    Path wf = imageWorkflow();
    CliTest.Result r = run(t, wf, "--timeout", "1");
    assertThat(r.code()).isEqualTo(RunCommand.EXIT_TIMEOUT);
    assertThat(r.text()).isEqualTo("rotate: no receipt" + NL + "crop: no receipt" + NL + "sum: no receipt" + NL
        + "#4: no receipt" + NL);
    List<String> err = r.err().lines().toList();
    assertThat(err.get(err.size() - 2)).matches("0/4 done, 3 running, 1 waiting, \\d+\\.\\d s");
    assertThat(err.get(err.size() - 1)).startsWith("ipvm: no receipt within 1 s for 4 of 4 tasks: rotate (task bafyrei")
        .contains(", crop (task bafyrei", ", #4 (task bafyrei", "`ipvm dev`");

    CliTest.Result json = run(t, wf, "--timeout", "1", "--json");
    assertThat(json.code()).isEqualTo(RunCommand.EXIT_TIMEOUT);
    JsonNode task = new ObjectMapper().readTree(json.text()).get("tasks").get(1);
    assertThat(task.get("status").asText()).isEqualTo("timeout");
    assertThat(task.has("receipt")).isFalse();
    assertThat(task.get("invocation").asText()).startsWith("bafyrei");
  }

  @Test
  void badInputFailsBeforeTheBrokerIsAsked() throws Exception {
    Path wf = write("bad.json", "{\"tasks\": [{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\","
        + " \"params\": [{\"await/ok\": \"b\"}]}}]}");
    CliTest.Result r = CliTest.run("", "workflow", "run", wf.toString(), "--key", key.toString(),
        "--bootstrap", "127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("ipvm: bad.json: task \"a\": await/ok names \"b\", which is no task of this"
        + " workflow (names: a)" + NL);
    CliTest.Result tasks = CliTest.run("", "workflow", "tasks", wf.toString(), "--key", key.toString());
    assertThat(tasks.code()).isEqualTo(1);
    assertThat(tasks.err()).isEqualTo(r.err());

    CliTest.Result noBroker = CliTest.run("", "workflow", "run", imageWorkflow().toString(), "--key", key.toString(),
        "--bootstrap", "127.0.0.1:1");
    assertThat(noBroker.code()).isEqualTo(1);
    assertThat(noBroker.err()).startsWith("ipvm: cannot reach the Kafka broker at 127.0.0.1:1");

    assertThat(CliTest.run("", "workflow", "run", wf.toString(), "--timeout", "0").code()).isEqualTo(2);
    assertThat(CliTest.run("", "workflow", "run", wf.toString(), "--progress", "fancy").code()).isEqualTo(2);
    assertThat(CliTest.run("", "workflow", "run").code()).isEqualTo(2);
    assertThat(CliTest.run("", "workflow", "inspect", wf.toString(), "--key", key.toString()).code()).isEqualTo(1);
  }
}
