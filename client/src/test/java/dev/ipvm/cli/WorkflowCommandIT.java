package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cli.remote.RunCommand;
import dev.ipvm.cli.workflow.WorkflowRunCommand;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm workflow run} and {@code tasks} in-process against a real broker. The executor is
 * the test stand-in {@link FakeExecutor} (awaits answered from the receipts it wrote): these tests
 * check the client's side. {@code bin/ipvm workflow run} against the real Flink job is tested in
 * jobs/.
 */
class WorkflowCommandIT {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  private static final String NL = System.lineSeparator();

  static LocalBroker broker;

  @TempDir
  Path dir;
  Path key;
  Path out;
  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.broker();
  }

  @BeforeEach
  void files() throws Exception {
    for (String f : List.of("image.wasm", "math.wasm")) {
      Files.copy(SAMPLES.resolve(f), dir.resolve(f));
    }
    Files.createDirectories(dir.resolve("images"));
    Files.copy(Path.of("../functions/samples/images/sample.ppm"), dir.resolve("images/sample.ppm"));
    key = dir.resolve("me.pem");
    Signer.generate().save(key);
    out = dir.resolve("out");
  }


  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("w", 2);
  }

  FakeExecutor executor(Topics t) {
    return executors.start(t);
  }

  /**
   * {@code ipvm workflow run FILE ARGS...} against the test broker, with {@code --progress lines}
   * and {@code --timeout 30} unless ARGS say otherwise.
   */
  CliTest.Result run(Topics t, Path file, String... args) {
    List<String> all = new ArrayList<>(List.of("workflow", "run", file.toString(), "--key", key.toString(),
        "--out", out.toString(), "--bootstrap", broker.bootstrap(), "--topic-prefix", prefix(t)));
    List<String> given = List.of(args);
    if (!given.contains("--timeout")) {
      all.addAll(List.of("--timeout", "30"));
    }
    if (!given.contains("--progress")) {
      all.addAll(List.of("--progress", "lines"));
    }
    all.addAll(given);
    return CliTest.run("", all.toArray(String[]::new));
  }

  static String prefix(Topics t) {
    return t.invocations().substring(0, t.invocations().indexOf("ipvm."));
  }

  Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  /** crop (bytes from a file) -> rotate (awaits crop); sum and an unnamed task await nothing. */
  Path imageWorkflow() throws Exception {
    return write("pipeline.json", "{\"tasks\": ["
        + "{\"name\": \"rotate\", \"run\": {\"mod\": \"image.wasm\", \"fun\": \"rotate90\","
        + "  \"params\": [{\"await/ok\": \"crop\"}]}},"
        + "{\"name\": \"crop\", \"run\": {\"mod\": \"image.wasm\", \"fun\": \"crop\","
        + "  \"params\": [{\"file\": \"images/sample.ppm\"}, 10, 20, 128, 96]}, \"meta\": {\"fuel\": 1000000000}},"
        + "{\"name\": \"sum\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [20, 22]}},"
        + "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"fib\", \"params\": [10]}}"
        + "]}");
  }

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

  /**
   * Waits until the clock is past {@code iat}: invocations are signed with {@code iat} in seconds,
   * so a second run within the same second signs identical invocations.
   */
  static void nextSecond(long iat) throws InterruptedException {
    while (System.currentTimeMillis() / 1000 <= iat) {
      Thread.sleep(20);
    }
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

  /**
   * A Homestar workflow, unchanged: add(1, 2) -> add(#2, 10) -> add(#3, #2), dependents listed
   * first, with Homestar's fuel of 18446744073709552000; the module published beforehand with put.
   */
  @Test
  void runsAHomestarWorkflowUnchanged() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Cid math = Cid.of(Multicodec.RAW, Files.readAllBytes(dir.resolve("math.wasm")));
    String rsc = "\"nnc\": \"\", \"op\": \"wasm/run\", \"rsc\": \"ipfs://" + math + "\"}";
    String run1 = "{\"input\": {\"args\": [1, 2], \"func\": \"add\"}, " + rsc;
    Cid i1 = DagCbor.cid(DagJson.decode(run1), HashAlgorithm.SHA3_256);
    String run2 = "{\"input\": {\"args\": [{\"await/ok\": {\"/\": \"" + i1 + "\"}}, 10], \"func\": \"add\"}, " + rsc;
    Cid i2 = DagCbor.cid(DagJson.decode(run2), HashAlgorithm.SHA3_256);
    String run3 = "{\"input\": {\"args\": [{\"await/ok\": {\"/\": \"" + i2 + "\"}}, {\"await/ok\": {\"/\": \""
        + i1 + "\"}}], \"func\": \"add\"}, " + rsc;
    String meta = "\"meta\": {\"fuel\": 18446744073709552000, \"memory\": 4294967296, \"time\": 100000}";
    Path wf = write("homestar.json", "{\"tasks\": ["
        + "{\"cause\": null, " + meta + ", \"prf\": [], \"run\": " + run3 + "},"
        + "{\"cause\": null, " + meta + ", \"prf\": [], \"run\": " + run1 + "},"
        + "{\"cause\": null, " + meta + ", \"prf\": [], \"run\": " + run2 + "}]}");

    CliTest.Result tasks = CliTest.run("", "workflow", "tasks", wf.toString(), "--key", key.toString());
    assertThat(tasks.code()).as(tasks.err()).isZero();
    List<String> lines = tasks.text().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("#1  bafyrei[a-z2-7]+  instruction bafyrmi[a-z2-7]+  awaits #3, #2");
    assertThat(lines.get(1)).matches("#2  bafyrei[a-z2-7]+  instruction " + i1);
    assertThat(lines.get(2)).matches("#3  bafyrei[a-z2-7]+  instruction " + i2 + "  awaits #2");
    Cid id1 = Cid.parse(lines.get(1).split("\\s+")[1]);
    JsonNode json = new ObjectMapper().readTree(CliTest.run("", "workflow", "tasks", "--json", wf.toString(),
        "--key", key.toString()).text());
    assertThat(json.get("tasks").get(1).get("instruction").asText()).isEqualTo(i1.toString());
    assertThat(json.get("tasks").get(1).get("module").asText()).isEqualTo(math.toString());

    CliTest.Result put = CliTest.run("", "put", dir.resolve("math.wasm").toString(), "--bootstrap",
        broker.bootstrap(), "--topic-prefix", prefix(t));
    assertThat(put.code()).as(put.err()).isZero();
    CliTest.Result r = run(t, wf);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo("#1: 16" + NL + "#2: 3" + NL + "#3: 13" + NL);
    assertThat(r.err()).contains("#1  waiting", "#2  running", "#3  waiting", "#1  ok", "#2  ok", "#3  ok");
    assertThat(executor.received).hasSize(3);
    Invocation inv3 = executor.received.stream().map(Signed::payload)
        .filter(i -> Ipld.integer(10).equals(((Ipld.List) i.args().get("params")).get(1))).findFirst().orElseThrow();
    assertThat(((Ipld.List) inv3.args().get("params")).get(0)).isEqualTo(new Await(Await.Kind.OK, id1).toIpld());
    assertThat(inv3.meta().get("fuel")).isEqualTo(Ipld.Int.of(Ipld.Int.MAX));
  }

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
