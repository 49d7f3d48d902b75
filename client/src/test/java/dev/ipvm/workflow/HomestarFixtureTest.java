package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Homestar's own fixture workflows (ipvm-wg/homestar, homestar-runtime/tests/fixtures, copied
 * unchanged into src/test/resources/homestar with a README naming source and licence): every await
 * in them names an Instruction CID that Homestar computed, so each must equal the CID we compute for
 * the instruction it names, or unchanged Homestar workflows could not await.
 */
class HomestarFixtureTest {
  static final List<String> FIXTURES = List.of("test-workflow-add-one.json", "test-workflow-add-one-nonced.json",
      "test-workflow-add-one-part-one.json", "test-workflow-add-one-part-two.json",
      "test-workflow-image-pipeline.json", "test-workflow-jco.json", "test-workflow-no-awaits1.json",
      "test-workflow-no-awaits2.json");
  static final String RSC = "ipfs://bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq";
  /** The module part one named before Homestar's commit 2d0cfe9 (#630) changed it. */
  static final String OLD_RSC = "ipfs://bafybeia32q3oy6u47x624rmsmgrrlpn7ulruissmz5z2ap6alv7goe7h3q";

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = HomestarFixtureTest.class.getResourceAsStream("/homestar/" + name)) {
      return in.readAllBytes();
    }
  }

  static WorkflowDocument parse(String name) throws IOException {
    return WorkflowDocument.parse(fixture(name), Path.of("."), name);
  }

  /** The {@code run} maps of a fixture, as written. */
  static List<Ipld.Map> runs(String name) throws IOException {
    String json = new String(fixture(name), StandardCharsets.UTF_8).replace("18446744073709552000", "0");
    Ipld.List tasks = (Ipld.List) ((Ipld.Map) DagJson.decode(json.getBytes(StandardCharsets.UTF_8))).get("tasks");
    return tasks.items().stream().map(t -> (Ipld.Map) ((Ipld.Map) t).get("run")).toList();
  }

  /** Homestar's Instruction CID, computed by hand: CIDv1, dag-cbor, sha3-256 of the run map. */
  static Cid byHand(Ipld.Map run) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA3-256").digest(DagCbor.encode(run));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0x01, 0x71, 0x16, 0x20});
    b.write(digest);
    return Cid.decode(b.toByteArray());
  }

  static Ipld.Map with(Ipld.Map run, String key, Ipld value) {
    Ipld.Map.Builder b = Ipld.Map.builder();
    run.forEach((k, v) -> b.put(k, k.equals(key) ? value : v));
    return b.build();
  }

  @Test
  void everyAwaitOfEveryFixtureNamesTheInstructionWeComputeForTheTaskItNames() throws Exception {
    int awaits = 0;
    for (String name : FIXTURES) {
      WorkflowDocument wf = parse(name);
      List<Ipld.Map> runs = runs(name);
      assertThat(wf.tasks()).as(name).hasSameSizeAs(runs);
      for (Task t : wf.tasks()) {
        assertThat(t.instruction()).as(name + " " + t.label()).isEqualTo(byHand(runs.get(t.index())));
        for (AwaitRef a : t.awaits()) {
          awaits++;
          // each fixture's task awaits the task before it; part two awaits part one
          Ipld.Map awaited = name.endsWith("part-two.json") ? runs("test-workflow-add-one-part-one.json").get(0)
              : runs.get(t.index() - 1);
          if (name.endsWith("part-two.json")) { // Homestar did not update this await with part one's module
            awaited = with(awaited, "rsc", Ipld.text(OLD_RSC));
          } else if (name.endsWith("jco.json")) { // nor this one when it changed the first task's args
            Ipld.Map input = with((Ipld.Map) awaited.get("input"), "args", Ipld.list(Ipld.text("hello"), Ipld.integer(10)));
            awaited = with(awaited, "input", input);
          }
          assertThat(a.instruction()).as(name + " " + t.label()).isEqualTo(byHand(awaited));
          assertThat(a.kind()).isEqualTo(Await.Kind.OK);
        }
      }
    }
    assertThat(awaits).isEqualTo(7);
  }

  @Test
  void awaitsOfTasksOfTheSameDocumentResolveToTheirTaskIds() throws Exception {
    String did = Signer.fromSeed(new byte[32]).did().toString();
    for (String name : List.of("test-workflow-add-one.json", "test-workflow-add-one-nonced.json",
        "test-workflow-image-pipeline.json")) {
      WorkflowDocument wf = parse(name);
      assertThat(wf.externalInstructions()).as(name).isEmpty();
      ResolvedWorkflow r = wf.resolve(did);
      for (int i = 1; i < r.tasks().size(); i++) {
        List<ResolvedWorkflow.ResolvedAwait> awaits = r.tasks().get(i).awaits();
        assertThat(awaits).as(name + " #" + (i + 1)).hasSize(1);
        assertThat(awaits.get(0).task().index()).isEqualTo(i - 1);
        assertThat(awaits.get(0).taskId()).isEqualTo(r.tasks().get(i - 1).taskId());
        assertThat(r.order().indexOf(r.tasks().get(i - 1))).isLessThan(r.order().indexOf(r.tasks().get(i)));
      }
    }
    // add-one's second task awaits, by Homestar's own number, the instruction part one runs alone
    assertThat(parse("test-workflow-add-one.json").tasks().get(0).instruction())
        .isEqualTo(parse("test-workflow-add-one-part-one.json").tasks().get(0).instruction())
        .isEqualTo(Cid.parse("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du"));
  }

  @Test
  void nncIsTakenAsHomestarWritesIt() throws Exception {
    List<Task> tasks = parse("test-workflow-add-one-nonced.json").tasks();
    assertThat(tasks.get(0).nonce()).isEqualTo("1sod60ml6g26mfhsrsa0".getBytes(StandardCharsets.UTF_8));
    assertThat(tasks.get(1).nonce()).isEqualTo(Base64.getDecoder().decode("oVI8XiFiec+c2XHS")).hasSize(12);
    assertThat(tasks.get(2).nonce()).isEmpty();
    String did = Signer.fromSeed(new byte[32]).did().toString();
    ResolvedWorkflow r = parse("test-workflow-add-one-nonced.json").resolve(did);
    // the same add_one(1) with and without a nonce: two Task IDs
    assertThat(r.tasks().get(0).taskId()).isNotEqualTo(parse("test-workflow-add-one.json").resolve(did)
        .tasks().get(0).taskId());
  }

  @Test
  void partTwoAwaitsAnInstructionOfAnotherWorkflow() throws Exception {
    WorkflowDocument two = parse("test-workflow-add-one-part-two.json");
    Cid awaited = byHand(with(runs("test-workflow-add-one-part-one.json").get(0), "rsc", Ipld.text(OLD_RSC)));
    assertThat(two.externalInstructions()).containsExactly(awaited);
    String did = Signer.fromSeed(new byte[32]).did().toString();

    // offline nothing says which Task ID ran it: a named error, not a guess
    assertThatThrownBy(() -> two.resolve(did)).isInstanceOf(WorkflowException.class)
        .hasMessageContaining("test-workflow-add-one-part-two.json: task #1 awaits instruction " + awaited
            + ", which is no task of this workflow (#1 ")
        .hasMessageContaining("was not found run by another workflow (searched: offline");

    // known (as the CLI finds it on the invocations topic): the await becomes one of that Task ID
    Cid taskId = Cid.parse("bafyreihwd7lc6v6ecju4hqr7gyhov4ijbmo3tq4gkeigm5gurpdf3ouixi");
    ResolvedWorkflow r = two.resolve(did, new KnownInstructions(Map.of(awaited, taskId), "a test"));
    assertThat(r.tasks().get(0).awaits()).singleElement().satisfies(a -> {
      assertThat(a.task()).isNull();
      assertThat(a.taskId()).isEqualTo(taskId);
      assertThat(a.label()).isEqualTo(taskId.toString());
    });
    assertThat(((Ipld.List) r.tasks().get(0).args().get("params")).get(0))
        .isEqualTo(new Await(Await.Kind.OK, taskId).toIpld());
    // the invocation names its own instruction in meta, for the next workflow to find
    assertThat(r.tasks().get(0).invocation(1).meta().get(KnownInstructions.META_KEY))
        .isEqualTo(Ipld.link(two.tasks().get(0).instruction()));
  }

  @Test
  void instructionCidsAreTheOnesHomestarReadsBack() throws Exception {
    Ipld.Map run = runs("test-workflow-add-one-part-one.json").get(0);
    Cid asWritten = HomestarDialect.instruction(run);
    // Homestar reads an absent or null nnc as "" and a link rsc as "ipfs://<CID>": the same instruction
    Ipld.Map.Builder noNnc = Ipld.Map.builder();
    run.forEach((k, v) -> {
      if (!k.equals("nnc")) {
        noNnc.put(k, v);
      }
    });
    assertThat(HomestarDialect.instruction(noNnc.build())).isEqualTo(asWritten);
    assertThat(HomestarDialect.instruction(with(run, "nnc", Ipld.NULL))).isEqualTo(asWritten);
    assertThat(HomestarDialect.instruction(with(run, "rsc",
        Ipld.link(Cid.parse(RSC.substring("ipfs://".length())))))).isEqualTo(asWritten);
    // a nonce is part of it
    assertThat(HomestarDialect.instruction(with(run, "nnc", Ipld.text("x")))).isNotEqualTo(asWritten);
  }
}
