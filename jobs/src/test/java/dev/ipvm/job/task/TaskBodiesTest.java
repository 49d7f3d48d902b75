package dev.ipvm.job.task;

import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Fx;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.kafka.FeedbackMessage;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.WasmRun;
import dev.ipvm.wasm.Limits;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class TaskBodiesTest {
  static final Cid TASK = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
  static final Cid INV = Cid.of(Multicodec.DAG_CBOR, new byte[] {2});
  static final Limits SMALL = new Limits(1_000, 1 << 20, Duration.ofMillis(1_000), 1 << 10);
  static final Limits LARGE = new Limits(1_000_000, 1 << 24, Duration.ofMillis(10_000), 1 << 20);

  @Test
  void bodiesRoundTripThroughTheirBytes() {
    Invoke inv = new Invoke(TASK, INV, dev.ipvm.task.Command.WASM_RUN, new WasmRun(new WasmRun.ModuleRef.Linked(TASK), "f", List.of(Ipld.integer(1))).toArgs(),
        SMALL, 42, "did:key:z6MkTenant");
    assertThat(Invoke.decode(inv.encode())).isEqualTo(inv);
    Result ok = new Result(TASK, new Outcome.Ok(Ipld.text("x")), 7, SMALL, true, false, 99);
    assertThat(Result.decode(ok.encode())).isEqualTo(ok);
    MemoEntry memo = new MemoEntry(ok, INV);
    assertThat(MemoEntry.decode(memo.encode())).isEqualTo(memo);
    Invoke post = new Invoke(TASK, INV, dev.ipvm.task.Command.HTTP_POST,
        Ipld.Map.builder().put("url", "https://example.com/").build(), SMALL, 42, "");
    assertThat(Invoke.decode(post.encode())).isEqualTo(post);
  }

  @Test
  void aFunctionsEffectRequestTravelsWithItsResultAndNamesTheSameTasksEveryTime() {
    Ipld.Map task = Ipld.Map.builder().put("cmd", "/http/post")
        .put("args", Ipld.Map.builder().put("url", "https://example.com/hook").put("body", "hi").build()).build();
    dev.ipvm.task.FxRequest fx = dev.ipvm.task.FxRequest.parse(Ipld.Map.builder()
        .put("ipvm/fx", Ipld.Map.builder().put("fork", Ipld.list(task)).put("join", task).build())
        .put("out", Ipld.integer(7)).build());
    Result r = new Result(TASK, new Outcome.Ok(Ipld.integer(7)), 7, SMALL, true, false, 99, fx);
    Result back = Result.decode(r.encode());
    assertThat(back).isEqualTo(r);
    String executor = dev.ipvm.ucan.Signer.generate().did().toString();
    dev.ipvm.receipt.Effects a = Fx.effects(back.fx(), TASK, executor);
    assertThat(a).isEqualTo(Fx.effects(fx, TASK, executor));
    assertThat(a.fork()).hasSize(1);
    assertThat(a.join()).as("the same effect twice still makes two tasks: nonces differ by position")
        .isNotNull().isNotEqualTo(a.fork().get(0));
    assertThat(Fx.effects(fx, INV, executor).join()).as("another requester, other tasks")
        .isNotEqualTo(a.join());
  }

  @Test
  void anAwaitHandedOnToAJoinKeepsTheTaskItNamed() {
    Awaiting a = new Awaiting(TASK, INV);
    assertThat(Awaiting.decode(a.encode())).isEqualTo(a);
    Cid join = Cid.of(Multicodec.DAG_CBOR, new byte[] {3});
    Awaiting forwarded = a.forwardTo(join);
    assertThat(forwarded.task()).isEqualTo(join);
    assertThat(forwarded.as()).isEqualTo(TASK);
    assertThat(FeedbackMessage.unwrap(FeedbackMessage.wrap(TaskEvent.of(forwarded))))
        .isEqualTo(TaskEvent.of(forwarded));
  }

  @Test
  void feedbackCarriesResultsAndRefusesAnythingElse() {
    Result r = new Result(TASK, Outcome.Error.of("Trap", "unreachable"), 3, SMALL, true, false, 1);
    TaskEvent e = TaskEvent.of(r);
    byte[] wire = FeedbackMessage.wrap(e);
    assertThat(dev.ipvm.dagcbor.DagCbor.decode(wire)).isEqualTo(Ipld.Map.builder().put("result", r.toIpld()).build());
    assertThat(FeedbackMessage.unwrap(wire)).isEqualTo(e);
    assertThatThrownBy(() -> FeedbackMessage.unwrap(dev.ipvm.dagcbor.DagCbor.encode(Ipld.Map.EMPTY)))
        .hasMessageContaining("not a feedback message");
  }

  @Test
  void aLimitBoundFailureAnswersOnlyTasksAskingForNoMore() {
    Result outOfFuel = new Result(TASK, Outcome.Error.of("OutOfFuel", "no fuel"), 1_000, SMALL, true, true, 1);
    assertThat(outOfFuel.answers(SMALL)).isTrue();
    assertThat(outOfFuel.answers(new Limits(999, 1 << 20, Duration.ofMillis(1_000), 1 << 10))).isTrue();
    assertThat(outOfFuel.answers(LARGE)).isFalse();
    Result ok = new Result(TASK, new Outcome.Ok(Ipld.NULL), 900, LARGE, true, false, 1);
    assertThat(ok.answers(SMALL)).as("a result answers any limits").isTrue();
  }

  @Test
  void streamRecordsUseFlinksPojoSerializerNotKryo() {
    for (Class<?> c : List.of(TaskEvent.class, dev.ipvm.job.event.OutRecord.class,
        dev.ipvm.job.event.InboundRecord.class, dev.ipvm.job.event.DlqRecord.class)) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
