package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signer;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Homestar workflow documents (workflow.ipldsch, HomestarWorkflow): read unchanged, translated. */
class HomestarWorkflowTest {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  private static final String DID = Signer.fromSeed(new byte[32]).did().toString();
  /** Homestar's fixtures: u64::MAX as JSON rounds it, above 2^64-1. */
  static final String FUEL = "18446744073709552000";
  static final String META = "{\"fuel\": " + FUEL + ", \"memory\": 4294967296, \"time\": 100000}";

  @TempDir
  Path dir;
  Cid mathCid;

  @BeforeEach
  void samples() throws Exception {
    mathCid = Cid.of(Multicodec.RAW, Files.readAllBytes(SAMPLES.resolve("math.wasm")));
  }

  WorkflowDocument parse(String json) {
    return WorkflowDocument.parse(json.getBytes(StandardCharsets.UTF_8), dir, "hs.json");
  }

  /** A Homestar instruction (the `run` map) as DAG-JSON: math.wasm's {@code func} with {@code args}. */
  String run(String func, String args) {
    return "{\"input\": {\"args\": " + args + ", \"func\": \"" + func + "\"}, \"nnc\": \"\", \"op\": \"wasm/run\","
        + " \"rsc\": \"ipfs://" + mathCid + "\"}";
  }

  static String task(String run, String meta) {
    return "{\"cause\": null, \"meta\": " + meta + ", \"prf\": [], \"run\": " + run + "}";
  }

  static String doc(String... tasks) {
    return "{\"tasks\": [" + String.join(", ", tasks) + "]}";
  }

  /** The Instruction CID computed by hand: CIDv1 (0x01), dag-cbor (0x71), sha3-256 (0x16, 32 bytes). */
  static Cid instructionCid(String runJson) throws Exception {
    byte[] cbor = DagCbor.encode(DagJson.decode(runJson));
    byte[] digest = MessageDigest.getInstance("SHA3-256").digest(cbor);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0x01, 0x71, 0x16, 0x20});
    b.write(digest);
    return Cid.decode(b.toByteArray());
  }

  static String await(Cid instruction) {
    return "{\"await/ok\": {\"/\": \"" + instruction + "\"}}";
  }

  /** add(1, 2) -> add(#1, 10) -> add(#2, #1), listed dependents first. */
  record Chain(String json, String run1, String run2, String run3) {}

  Chain chain() throws Exception {
    String run1 = run("add", "[1, 2]");
    Cid i1 = instructionCid(run1);
    String run2 = run("add", "[" + await(i1) + ", 10]");
    Cid i2 = instructionCid(run2);
    String run3 = run("add", "[" + await(i2) + ", " + await(i1) + "]");
    String json = doc(task(run3, "{\"fuel\": null, \"memory\": null, \"time\": null}"), task(run1, META),
        task(run2, "{\"fuel\": 1000, \"memory\": null, \"time\": 5000}"));
    return new Chain(json, run1, run2, run3);
  }

  @Test
  void instructionCidsAreSha3DagCborCidsOfTheRunMapsAsWritten() throws Exception {
    Chain c = chain();
    WorkflowDocument wf = parse(c.json());
    assertThat(wf.tasks()).extracting(Task::instruction)
        .containsExactly(instructionCid(c.run3()), instructionCid(c.run1()), instructionCid(c.run2()));
    for (Task t : wf.tasks()) {
      assertThat(t.homestar()).isTrue();
      assertThat(t.instruction().toString()).startsWith("bafyrmi");
      assertThat(t.name()).isNull();
    }
    assertThat(wf.tasks()).extracting(Task::label).containsExactly("#1", "#2", "#3");
    assertThat(wf.order()).extracting(Task::label).containsExactly("#2", "#3", "#1");

    // Homestar reads an absent nnc as "": the same instruction as with "nnc": ""
    String noNonce = "{\"input\": {\"args\": [1, 2], \"func\": \"add\"}, \"op\": \"wasm/run\", \"rsc\": \"ipfs://"
        + mathCid + "\"}";
    assertThat(parse(doc(task(noNonce, "{}"))).tasks().get(0).instruction())
        .isNotEqualTo(instructionCid(noNonce)).isEqualTo(instructionCid(c.run1()));
  }

  @Test
  void eachTaskBecomesAWasmRunInvocationAwaitingTaskIds() throws Exception {
    ResolvedWorkflow r = parse(chain().json()).resolve(DID);
    ResolvedWorkflow.ResolvedTask t3 = r.tasks().get(0);
    ResolvedWorkflow.ResolvedTask t1 = r.tasks().get(1);
    ResolvedWorkflow.ResolvedTask t2 = r.tasks().get(2);
    assertThat(r.order()).containsExactly(t1, t2, t3);

    // #2 (add 1 2): args {mod, fun, params}, the empty nonce, meta without nulls, fuel clamped to 2^64-1
    Ipld.Map args1 = new WasmRun(new WasmRun.ModuleRef.Linked(mathCid), "add",
        List.of(Ipld.integer(1), Ipld.integer(2))).toArgs();
    assertThat(t1.args()).isEqualTo(args1);
    Invocation inv1 = t1.invocation(1_700_000_000L);
    assertThat(inv1.cmd()).isEqualTo("/wasm/run");
    assertThat(inv1.iss()).isEqualTo(DID);
    assertThat(inv1.sub()).isEqualTo(DID);
    assertThat(inv1.nonce()).isEmpty();
    assertThat(inv1.shareable()).isTrue();
    assertThat(inv1.prf()).isEmpty();
    assertThat(inv1.cause()).isNull();
    assertThat(inv1.meta()).isEqualTo(Ipld.Map.builder()
        .put("fuel", Ipld.Int.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)))
        .put("memory", 4294967296L).put("time", 100000L).put("instruction", Ipld.link(t1.task().instruction()))
        .build());
    assertThat(WasmRun.RequestedLimits.fromMeta(inv1.meta()).fuel()).isEqualTo(Long.MAX_VALUE);
    Cid id1 = DagCbor.cid(Ipld.Map.builder().put("sub", DID).put("cmd", "/wasm/run").put("args", args1)
        .put("nonce", Ipld.Bytes.EMPTY).build());
    assertThat(t1.taskId()).isEqualTo(id1).isEqualTo(inv1.taskId());

    // #3 awaits #2's Task ID (not its instruction); meta keeps what is not null
    assertThat(t2.args().get("params")).isEqualTo(Ipld.list(new Await(Await.Kind.OK, id1).toIpld(), Ipld.integer(10)));
    assertThat(t2.invocation(1).meta()).isEqualTo(Ipld.Map.builder().put("fuel", 1000L).put("time", 5000L)
        .put("instruction", Ipld.link(t2.task().instruction())).build());
    assertThat(t2.awaits()).extracting(ResolvedWorkflow.ResolvedAwait::label).containsExactly("#2");

    // #1 awaits #3 and #2 by Task ID; a meta of nulls only is no meta
    assertThat(Await.awaited(t3.args())).containsExactly(t2.taskId(), id1);
    assertThat(t3.awaits()).extracting(ResolvedWorkflow.ResolvedAwait::label).containsExactly("#3", "#2");
    assertThat(t3.invocation(1).meta()).isEqualTo(Ipld.Map.builder()
        .put("instruction", Ipld.link(t3.task().instruction())).build());
    assertThat(t3.args().get("fun")).isEqualTo(Ipld.text("add"));
  }

  @Test
  void theSameTasksWrittenOurWayHaveTheSameTaskIds() throws Exception {
    ResolvedWorkflow homestar = parse(chain().json()).resolve(DID);
    Files.copy(SAMPLES.resolve("math.wasm"), dir.resolve("math.wasm"));
    String mod = "{\"/\": \"" + mathCid + "\"}";
    ResolvedWorkflow ours = parse("{\"tasks\": ["
        + "{\"run\": {\"mod\": " + mod + ", \"fun\": \"add\", \"params\": [{\"await/ok\": \"b\"}, {\"await/ok\": \"a\"}]}},"
        + "{\"name\": \"a\", \"run\": {\"mod\": " + mod + ", \"fun\": \"add\", \"params\": [1, 2]}},"
        + "{\"name\": \"b\", \"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [{\"await/ok\": \"a\"}, 10]}}"
        + "]}").resolve(DID);
    assertThat(homestar.tasks()).extracting(ResolvedWorkflow.ResolvedTask::taskId)
        .containsExactlyElementsOf(ours.tasks().stream().map(ResolvedWorkflow.ResolvedTask::taskId).toList());
  }

  @Test
  void nonceAndRscForms() throws Exception {
    String bare = "{\"input\": {\"args\": [], \"func\": \"add_one\"}, \"nnc\": \"00ff\", \"op\": \"wasm/run\","
        + " \"rsc\": \"" + mathCid + "\"}";
    String bytes = "{\"input\": {\"func\": \"add_one\", \"args\": [{\"file\": \"x\"}]}, \"nnc\": {\"/\": {\"bytes\":"
        + " \"AAECAwQFBgcICQoL\"}}, \"op\": \"wasm/run\", \"rsc\": \"ipfs://" + mathCid + "\"}";
    WorkflowDocument wf = parse(doc(task(bare, "{}"), "{\"run\": " + bytes + "}"));
    Task a = wf.tasks().get(0);
    Task b = wf.tasks().get(1);
    assertThat(a.module()).isEqualTo(new ModuleSource.Linked(mathCid));
    assertThat(a.nonce()).isEqualTo("00ff".getBytes(StandardCharsets.UTF_8)); // a string is its UTF-8 bytes
    assertThat(a.meta()).isEqualTo(Ipld.Map.builder().put("instruction", Ipld.link(a.instruction())).build());
    assertThat(a.fun()).isEqualTo("add_one"); // passed through: the job finds add-one too
    assertThat(b.nonce()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    // {"file": ...} is data in a Homestar task
    assertThat(b.params()).isEqualTo(Ipld.list(Ipld.Map.builder().put("file", "x").build()));
    assertThat(b.instruction()).isEqualTo(instructionCid(bytes));
    assertThat(wf.resolve(DID).tasks().get(0).invocation(1).shareable()).isFalse();
  }

  @Test
  void oversizedMetaIntegersAreClampedOnlyInHomestarMeta() {
    String big = "{\"tasks\": [{\"run\": " + run("add", "[" + FUEL + "]") + ", \"meta\": " + META + "}]}";
    // in args it is no IPLD Int: the strict decoder says so
    assertThatThrownBy(() -> parse(big)).isInstanceOf(WorkflowException.class).hasMessageContaining("not DAG-JSON");
    String inMeta = "{\"tasks\": [{\"run\": " + run("add", "[1, 2]") + ", \"meta\": {\"fuel\": 99999999999999999999999,"
        + " \"time\": 1}}]}";
    assertThat(parse(inMeta).tasks().get(0).meta().get("fuel")).isEqualTo(Ipld.Int.of(Ipld.Int.MAX));
    // our documents are read strictly
    assertThatThrownBy(() -> parse("{\"tasks\": [{\"run\": {\"mod\": {\"/\": \"" + mathCid + "\"}, \"fun\": \"add\"},"
        + " \"meta\": {\"fuel\": " + FUEL + "}}]}")).isInstanceOf(WorkflowException.class)
        .hasMessageContaining("not DAG-JSON");
  }

  record Case(String json, String message) {}

  @Test
  void badHomestarTasksAreErrorsNamingTheTask() throws Exception {
    Cid i1 = instructionCid(run("add", "[1, 2]"));
    String rawRun = run("add", "[1, 2]");
    for (Case c : List.of(
        new Case(doc(task(rawRun.replace("wasm/run", "ipfs/get"), "{}")),
            "hs.json: task #1: run.op \"ipfs/get\" is not supported: the only operation is \"wasm/run\""),
        new Case(doc(task(rawRun.replace("ipfs://" + mathCid, "https://example.com/m.wasm"), "{}")),
            "hs.json: task #1: run.rsc \"https://example.com/m.wasm\" is not \"ipfs://<CID>\" or a CID"),
        new Case(doc(task(rawRun.replace(mathCid.toString(), i1.toString()), "{}")),
            "hs.json: task #1: run.rsc " + i1 + " is not a raw block or a UnixFS file (codec 0x71)"),
        new Case(doc(task(rawRun.replace("\"rsc\": \"ipfs://" + mathCid + "\"", "\"rsc\": 1"), "{}")),
            "\"run.rsc\" must be a string"),
        new Case(doc(task(run("add", "[{\"await/ok\": \"#1\"}]"), "{}")),
            "hs.json: task #1: run.input.args[0]: await/ok must link an Instruction CID ({\"/\": \"bafyrmi...\"})"),
        new Case(doc(task(rawRun, "{\"fuel\": -1}")), "hs.json: task #1: meta.fuel must be a non-negative integer"),
        new Case(doc(task(rawRun, "{\"cpu\": 1}")), "unknown field \"meta.cpu\""),
        new Case(doc("{\"run\": " + rawRun + ", \"prf\": [{\"/\": \"" + i1 + "\"}]}"), "\"prf\" must be []"),
        new Case(doc("{\"run\": " + rawRun + ", \"cause\": {\"/\": \"" + i1 + "\"}}"), "\"cause\" must be null"),
        new Case(doc("{\"name\": \"x\", \"run\": " + rawRun + "}"), "unknown field \"name\" (a Homestar task has"),
        new Case(doc(task(rawRun.replace("\"nnc\": \"\"", "\"nnc\": 12"), "{}")),
            "hs.json: task #1: \"run.nnc\" must be a string or bytes, got a"),
        new Case(doc(task(rawRun.replace("\"func\": \"add\"", "\"fun\": \"add\""), "{}")),
            "unknown field \"run.input.fun\""),
        new Case(doc(task(rawRun.replace(", \"func\": \"add\"", ""), "{}")), "\"run.input.func\" is missing"))) {
      assertThatThrownBy(() -> parse(c.json())).as(c.json()).isInstanceOf(WorkflowException.class)
          .hasMessageContaining(c.message());
    }
  }
}
