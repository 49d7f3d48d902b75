package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Workflow documents become tasks: names, Task IDs and their order. */
class WorkflowDocumentTest extends WorkflowDocumentFixture {
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

  @Test
  void namesFollowThePattern() {
    for (String ok : Set.of("a", "_x", "crop-1", "a.b_c", "A".repeat(64))) {
      assertThat(WorkflowDocument.NAME.matcher(ok).matches()).as(ok).isTrue();
    }
    for (String bad : Set.of("", "1a", "-a", ".a", "a/b", "a b", "#1", "A".repeat(65))) {
      assertThat(WorkflowDocument.NAME.matcher(bad).matches()).as(bad).isFalse();
    }
  }
}
