package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ipvm workflow run} of a Homestar workflow, unchanged. */
class HomestarWorkflowRunIT extends WorkflowRunFixture {
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
        TestBroker.bootstrap(), "--topic-prefix", TestDeployment.prefix(t));
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
}
