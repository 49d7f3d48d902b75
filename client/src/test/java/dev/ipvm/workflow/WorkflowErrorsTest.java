package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistakes in a workflow document: each an error naming the task and what is wrong. */
class WorkflowErrorsTest extends WorkflowDocumentFixture {
  @Test
  void anUnknownNameIsAnErrorNamingTheTaskAndTheName() {
    assertThatThrownBy(() -> parse(doc(task("a", "add", "[1, 2]"), task("b", "add", "[{\"await/ok\": \"c\"}]"))))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("wf.json: task \"b\": await/ok names \"c\", which is no task of this workflow (names: a, b)");
    assertThatThrownBy(() -> parse(doc(task(null, "add", "[{\"await/ok\": \"" + TASK_ID + "\"}]"))))
        .hasMessageContaining("task #1: await/ok names \"" + TASK_ID + "\"")
        .hasMessageContaining("(a Task ID is written as a link: {\"await/ok\": {\"/\": \"" + TASK_ID + "\"}})");
  }

  @Test
  void aDuplicateNameIsAnError() {
    assertThatThrownBy(() -> parse(doc(task("a", "add", "[1]"), task("b", "add", "[2]"), task("a", "add", "[3]"))))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("wf.json: tasks #1 and #3 are both named \"a\" (names must be unique)");
  }

  @Test
  void aCycleIsAnErrorNamingItsTasks() {
    assertThatThrownBy(() -> parse(doc(
        task("free", "add", "[1, 2]"),
        task("a", "add", "[{\"await/ok\": \"b\"}]"),
        task("b", "add", "[{\"await/ok\": \"free\"}, {\"await/*\": \"c\"}]"),
        task("c", "add", "[{\"await/ok\": \"a\"}]"),
        task("after", "add", "[{\"await/ok\": \"c\"}]"))))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("wf.json: tasks await each other in a cycle: \"a\" -> \"b\" -> \"c\" -> \"a\""
            + " (\"a\" -> \"b\": a awaits b)");
    assertThatThrownBy(() -> parse(doc(task("me", "add", "[{\"await/error\": \"me\"}]"))))
        .hasMessage("wf.json: task \"me\" awaits itself");
  }

  @Test
  void badFilesAreErrors() throws Exception {
    assertThatThrownBy(() -> parse(doc(task("a", "f", "[1, {\"file\": \"nosuch.ppm\"}]"))))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("wf.json: task \"a\": run.params[1]: no such file nosuch.ppm (looked for "
            + dir.resolve("nosuch.ppm") + ")");
    assertThatThrownBy(() -> parse(doc(task("a", "f", "[{\"file\": \"data\"}]"))))
        .hasMessageContaining("run.params[0]: no such file data");
    assertThatThrownBy(() -> WorkflowDocument.read(dir.resolve("nosuch.json")))
        .hasMessage("no such workflow file: " + dir.resolve("nosuch.json"));
    Files.writeString(dir.resolve("bad.json"), "{\"tasks\": [");
    assertThatThrownBy(() -> WorkflowDocument.read(dir.resolve("bad.json")))
        .hasMessageStartingWith("bad.json: not DAG-JSON: ");
  }

  @Test
  void badModsAreErrors() throws Exception {
    Files.writeString(dir.resolve("text.wasm"), "not wasm at all");
    assertThatThrownBy(() -> parse(doc("{\"name\": \"a\", \"run\": {\"mod\": \"nosuch.wasm\", \"fun\": \"f\"}}")))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("wf.json: task \"a\": run.mod: no such file nosuch.wasm (looked for "
            + dir.resolve("nosuch.wasm") + ")");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": \"text.wasm\", \"fun\": \"f\"}}")))
        .hasMessage("wf.json: task #1: run.mod text.wasm is not a Wasm module (it does not start with \\0asm)");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": 42, \"fun\": \"f\"}}")))
        .hasMessage("wf.json: task #1: \"run.mod\" must be a link, a data: URI or a file path, got a int");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": {\"/\": \"" + TASK_ID + "\"}, \"fun\": \"f\"}}")))
        .hasMessageContaining("is not a raw block");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": \"data:application/wasm;base64,AGFz\", \"fun\": \"f\"}}")))
        .hasMessageContaining("is not a Wasm module");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": \"data:text/plain,x\", \"fun\": \"f\"}}")))
        .hasMessageContaining("data: URI must start with \"data:application/wasm;base64,\"");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"mod\": \"" + mathCid + "\", \"fun\": \"f\"}}")))
        .hasMessageContaining("(a CID is written as a link: {\"/\": \"" + mathCid + "\"})");
    assertThatThrownBy(() -> parse(doc("{\"run\": {\"fun\": \"f\"}}")))
        .hasMessageContaining("\"run.mod\" is missing");
  }

  @Test
  void otherMistakesAreErrorsToo() {
    record Case(String json, String message) {}
    for (Case c : List.of(
        new Case("[]", "wf.json: a workflow is a map {\"tasks\": [...]}, got a list"),
        new Case("{}", "wf.json: \"tasks\" is missing"),
        new Case("{\"tasks\": []}", "wf.json: \"tasks\" is empty"),
        new Case("{\"tasks\": [], \"x\": 1}", "wf.json: unknown field \"x\" (a workflow is {\"tasks\": [...]})"),
        new Case(doc("1"), "wf.json: task #1: must be a map {name?, run | cmd + args, meta?, nonce?}, got a int"),
        new Case(doc("{\"name\": \"a b\", \"run\": {}}"), "wf.json: task #1: name \"a b\" is not a valid name"),
        new Case(doc("{\"name\": \"1st\", \"run\": {}}"), "wf.json: task #1: name \"1st\" is not a valid name"),
        new Case(doc("{\"name\": \"a\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\"}, \"prams\": []}"),
            "wf.json: task \"a\": unknown field \"prams\""),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\", \"args\": []}}"),
            "wf.json: task #1: unknown field \"run.args\""),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\"}}"), "wf.json: task #1: \"run.fun\" is missing"),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\", \"params\": {}}}"),
            "wf.json: task #1: \"run.params\" must be a list, got a map"),
        new Case(doc(task("a", "f", "[{\"await/ok\": 1}]")),
            "wf.json: task \"a\": run.params[0]: await/ok must name a task of this workflow (a string) or link a"
                + " Task ID"),
        new Case(doc(task("a", "f", "[{\"await/ok\": {\"/\": \"" + "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e\"}}]")),
            "is not a Task ID"),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\"}, \"nonce\": \"xyz\"}"),
            "wf.json: task #1: \"nonce\" must be a hex string"),
        new Case(doc("{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"f\"}, \"meta\": {\"fuel\": -1}}"),
            "wf.json: task #1: meta.fuel must be a non-negative integer, got"),
        new Case("{\"tasks\": [{\"run\": {\"rsc\": \"ipfs://" + TASK_ID + "\", \"op\": \"wasm/run\","
            + " \"input\": {\"func\": \"f\", \"args\": []}, \"nnc\": \"\"}, \"meta\": {}, \"prf\": []}]}",
            "wf.json: task #1: run.rsc " + TASK_ID + " is not a raw block or a UnixFS file (codec 0x71)"))) {
      assertThatThrownBy(() -> parse(c.json())).as(c.json()).isInstanceOf(WorkflowException.class)
          .hasMessageContaining(c.message());
    }
  }
}
