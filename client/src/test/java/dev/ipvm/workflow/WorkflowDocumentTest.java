package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and resolving workflow documents: no broker, no key file. */
class WorkflowDocumentTest {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  private static final String DID = Signer.fromSeed(new byte[32]).did().toString();
  private static final String OTHER_DID = Signer.fromSeed(filled(32, 1)).did().toString();
  private static final String TASK_ID = "bafyreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  @TempDir
  Path dir;
  byte[] math;
  Cid mathCid;

  @BeforeEach
  void samples() throws Exception {
    math = Files.readAllBytes(SAMPLES.resolve("math.wasm"));
    mathCid = Cid.of(Multicodec.RAW, math);
    Files.write(dir.resolve("math.wasm"), math);
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/in.bin"), new byte[] {1, 2, 3});
  }

  WorkflowDocument parse(String json) {
    return WorkflowDocument.parse(json.getBytes(StandardCharsets.UTF_8), dir, "wf.json");
  }

  /** A /wasm/run task of math.wasm (a file next to the document). */
  static String task(String name, String fun, String params) {
    return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
        + "\"run\": {\"mod\": \"math.wasm\", \"fun\": \"" + fun + "\", \"params\": " + params + "}}";
  }

  static String doc(String... tasks) {
    return "{\"tasks\": [" + String.join(", ", tasks) + "]}";
  }

  // ---- names, Task IDs, order

  @Test
  void namesBecomeTaskIdsInDependencyOrder() {
    // listed dependents first: the order puts awaited tasks first, else keeps document order
    WorkflowDocument wf = parse(doc(
        task("sum", "add", "[{\"await/ok\": \"a\"}, {\"await/ok\": \"b\"}]"),
        task(null, "add", "[5, 6]"),
        task("b", "add", "[{\"await/ok\": \"a\"}, 3]"),
        task("a", "add", "[1, 2]")));
    assertThat(wf.tasks()).extracting(Task::label).containsExactly("sum", "#2", "b", "a");
    assertThat(wf.order()).extracting(Task::label).containsExactly("#2", "a", "b", "sum");

    ResolvedWorkflow r = wf.resolve(DID);
    ResolvedWorkflow.ResolvedTask sum = r.tasks().get(0);
    ResolvedWorkflow.ResolvedTask b = r.tasks().get(2);
    ResolvedWorkflow.ResolvedTask a = r.tasks().get(3);
    assertThat(r.order()).extracting(t -> t.task().label()).containsExactly("#2", "a", "b", "sum");

    // a's Task ID is the CID of {sub, cmd, args, nonce} of its invocation
    Ipld.Map aArgs = new WasmRun(new WasmRun.ModuleRef.Linked(mathCid), "add",
        List.of(Ipld.integer(1), Ipld.integer(2))).toArgs();
    assertThat(a.args()).isEqualTo(aArgs);
    Cid aId = DagCbor.cid(Ipld.Map.builder().put("sub", DID).put("cmd", "/wasm/run").put("args", aArgs)
        .put("nonce", Ipld.Bytes.EMPTY).build());
    assertThat(a.taskId()).isEqualTo(aId);

    // b's args await a's Task ID, and so does sum's; sum awaits b's Task ID too
    assertThat(((Ipld.List) b.args().get("params")).get(0)).isEqualTo(new Await(Await.Kind.OK, aId).toIpld());
    assertThat(Await.awaited(b.args())).containsExactly(aId);
    assertThat(Await.awaited(sum.args())).containsExactly(aId, b.taskId());
    assertThat(sum.awaits()).extracting(ResolvedWorkflow.ResolvedAwait::label).containsExactly("a", "b");
    assertThat(sum.awaits()).extracting(ResolvedWorkflow.ResolvedAwait::taskId).containsExactly(aId, b.taskId());

    // what is signed has the same Task ID, whenever it is issued
    Invocation inv = sum.invocation(1_700_000_000L);
    assertThat(inv.taskId()).isEqualTo(sum.taskId());
    assertThat(sum.invocation(1_800_000_000L).taskId()).isEqualTo(sum.taskId());
    assertThat(inv.iss()).isEqualTo(DID);
    assertThat(inv.sub()).isEqualTo(DID);
    assertThat(inv.cmd()).isEqualTo("/wasm/run");
    assertThat(inv.iat()).isEqualTo(1_700_000_000L);
    assertThat(inv.shareable()).isTrue();
    assertThat(inv.meta()).isNull();
    assertThat(WasmRun.fromArgs(inv.args()).fun()).isEqualTo("add");
  }

  @Test
  void aDependentsTaskIdChangesWhenWhatItAwaitsChanges() {
    String rotate = task("rotate", "add", "[{\"await/ok\": \"crop\"}, 1]");
    ResolvedWorkflow one = parse(doc(task("crop", "add", "[1, 2]"), rotate)).resolve(DID);
    ResolvedWorkflow two = parse(doc(task("crop", "add", "[1, 3]"), rotate)).resolve(DID);
    assertThat(two.tasks().get(0).taskId()).isNotEqualTo(one.tasks().get(0).taskId());
    assertThat(two.tasks().get(1).taskId()).isNotEqualTo(one.tasks().get(1).taskId());

    // the awaited task renamed: same Task IDs (names are not signed)
    ResolvedWorkflow renamed = parse(doc(task("c", "add", "[1, 2]"),
        task("rotate", "add", "[{\"await/ok\": \"c\"}, 1]"))).resolve(DID);
    assertThat(renamed.tasks()).extracting(ResolvedWorkflow.ResolvedTask::taskId)
        .containsExactlyElementsOf(one.tasks().stream().map(ResolvedWorkflow.ResolvedTask::taskId).toList());

    // meta is not part of a Task ID; the kind of await and the signer are
    ResolvedWorkflow meta = parse(doc("{\"name\": \"crop\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\","
        + " \"params\": [1, 2]}, \"meta\": {\"fuel\": 1000}}", rotate)).resolve(DID);
    assertThat(meta.tasks().get(1).taskId()).isEqualTo(one.tasks().get(1).taskId());
    assertThat(meta.tasks().get(0).invocation(1).meta()).isEqualTo(Ipld.Map.builder().put("fuel", 1000).build());
    ResolvedWorkflow star = parse(doc(task("crop", "add", "[1, 2]"),
        task("rotate", "add", "[{\"await/*\": \"crop\"}, 1]"))).resolve(DID);
    assertThat(star.tasks().get(1).taskId()).isNotEqualTo(one.tasks().get(1).taskId());
    ResolvedWorkflow other = parse(doc(task("crop", "add", "[1, 2]"), rotate)).resolve(OTHER_DID);
    assertThat(other.tasks().get(1).taskId()).isNotEqualTo(one.tasks().get(1).taskId());
  }

  @Test
  void awaitsOfTaskIdsFromElsewhereAreKept() {
    ResolvedWorkflow r = parse(doc(task("x", "add",
        "[{\"await/error\": {\"/\": \"" + TASK_ID + "\"}}, {\"k\": [{\"await/*\": {\"/\": \"" + TASK_ID + "\"}}]}]")))
        .resolve(DID);
    ResolvedWorkflow.ResolvedTask x = r.tasks().get(0);
    assertThat(x.awaits()).hasSize(2);
    assertThat(x.awaits().get(0).task()).isNull();
    assertThat(x.awaits().get(0).kind()).isEqualTo(Await.Kind.ERROR);
    assertThat(x.awaits().get(0).label()).isEqualTo(TASK_ID);
    assertThat(x.awaits().get(1).kind()).isEqualTo(Await.Kind.ANY);
    assertThat(Await.awaited(x.args())).containsExactly(Cid.parse(TASK_ID));
  }

  // ---- the client's conveniences

  @Test
  void aModFileIsLinkedByItsCidRelativeToTheDocument() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("wf"));
    Files.writeString(sub.resolve("wf.json"), doc(
        "{\"name\": \"a\", \"run\": {\"mod\": \"../math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}}",
        "{\"name\": \"b\", \"run\": {\"mod\": {\"/\": \"" + mathCid + "\"}, \"fun\": \"add\", \"params\": [1, 2]}}",
        "{\"name\": \"c\", \"run\": {\"mod\": \"" + dir.resolve("math.wasm") + "\", \"fun\": \"fib\"}}"));
    WorkflowDocument wf = WorkflowDocument.read(sub.resolve("wf.json"));
    assertThat(wf.tasks().get(0).module()).isInstanceOf(ModuleSource.File.class);
    assertThat(((ModuleSource.File) wf.tasks().get(0).module()).cid()).isEqualTo(mathCid);
    assertThat(wf.tasks().get(1).module()).isEqualTo(new ModuleSource.Linked(mathCid));
    ResolvedWorkflow r = wf.resolve(DID);
    // a file and the link to its block are the same task
    assertThat(r.tasks().get(0).taskId()).isEqualTo(r.tasks().get(1).taskId());
    assertThat(r.tasks().get(0).args().get("mod")).isEqualTo(Ipld.link(mathCid));
    assertThat(r.tasks().get(2).args().get("params")).isEqualTo(new Ipld.List(List.of()));
    assertThat(r.modules()).containsOnlyKeys(mathCid);
    assertThat(r.modules().get(mathCid)).isEqualTo(math);
  }

  @Test
  void aDataUriModIsKeptAsWritten() {
    String uri = WasmRun.DATA_URI_PREFIX + Base64.getEncoder().encodeToString(math);
    ResolvedWorkflow r = parse(doc("{\"run\": {\"mod\": \"" + uri + "\", \"fun\": \"add\", \"params\": [1, 2]}}"))
        .resolve(DID);
    assertThat(r.tasks().get(0).args().get("mod")).isEqualTo(Ipld.text(uri));
    assertThat(r.modules()).isEmpty();
  }

  @Test
  void fileParamsBecomeTheFilesBytesAnywhereInParams() {
    ResolvedWorkflow r = parse(doc(task("a", "f",
        "[{\"file\": \"data/in.bin\"}, {\"x\": [{\"file\": \"data/in.bin\"}]}, {\"file\": 3},"
            + " {\"file\": \"data/in.bin\", \"also\": 1}]"))).resolve(DID);
    Ipld.List params = (Ipld.List) r.tasks().get(0).args().get("params");
    Ipld bytes = Ipld.Bytes.of(new byte[] {1, 2, 3});
    assertThat(params.get(0)).isEqualTo(bytes);
    assertThat(params.get(1)).isEqualTo(Ipld.Map.builder().put("x", Ipld.list(bytes)).build());
    // only a one-entry map {"file": "<string>"} is a file
    assertThat(params.get(2)).isEqualTo(Ipld.Map.builder().put("file", 3).build());
    assertThat(params.get(3)).isEqualTo(Ipld.Map.builder().put("file", "data/in.bin").put("also", 1).build());
  }

  @Test
  void nonceAndMeta() {
    ResolvedWorkflow r = parse(doc(
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"nonce\": \"00ff10\","
            + " \"meta\": {\"fuel\": 5, \"memory\": 65536, \"time\": 100, \"tag\": \"x\"}}",
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"nonce\": \"\"}",
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"meta\": {}}")).resolve(DID);
    Invocation withNonce = r.tasks().get(0).invocation(1);
    assertThat(withNonce.nonce()).containsExactly(0x00, 0xff, 0x10);
    assertThat(withNonce.shareable()).isFalse();
    assertThat(withNonce.meta()).isEqualTo(Ipld.Map.builder().put("fuel", 5).put("memory", 65536).put("time", 100)
        .put("tag", "x").build());
    assertThat(r.tasks().get(1).invocation(1).shareable()).isTrue();
    assertThat(r.tasks().get(2).invocation(1).meta()).isNull();
    assertThat(r.tasks().get(1).taskId()).isEqualTo(r.tasks().get(2).taskId())
        .isNotEqualTo(r.tasks().get(0).taskId());
  }

  // ---- errors

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

  // ---- cmd tasks: effects

  /** An effect task as written: {@code {"name": name, "cmd": cmd, "args": args, ...extra}}. */
  static String cmdTask(String name, String cmd, String args, String extra) {
    return "{\"name\": \"" + name + "\", \"cmd\": \"" + cmd + "\", \"args\": " + args
        + (extra == null ? "" : ", " + extra) + "}";
  }

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

  @Test
  void namesFollowThePattern() {
    for (String ok : Set.of("a", "_x", "crop-1", "a.b_c", "A".repeat(64))) {
      assertThat(WorkflowDocument.NAME.matcher(ok).matches()).as(ok).isTrue();
    }
    for (String bad : Set.of("", "1a", "-a", ".a", "a/b", "a b", "#1", "A".repeat(65))) {
      assertThat(WorkflowDocument.NAME.matcher(bad).matches()).as(bad).isFalse();
    }
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
