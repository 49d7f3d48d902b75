package dev.ipvm.job.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.JobConfig.LimitSet;
import dev.ipvm.job.kafka.FeedbackMessage;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.WasmRun;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class TaskBodiesTest {
  static final Cid TASK = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
  static final Cid INV = Cid.of(Multicodec.DAG_CBOR, new byte[] {2});
  static final LimitSet SMALL = new LimitSet(1_000, 1 << 20, 1_000, 1 << 10);
  static final LimitSet LARGE = new LimitSet(1_000_000, 1 << 24, 10_000, 1 << 20);

  @Test
  void bodiesRoundTripThroughTheirBytes() {
    Invoke inv = new Invoke(TASK, INV, new WasmRun(new WasmRun.ModuleRef.Linked(TASK), "f", List.of(Ipld.integer(1))).toArgs(),
        SMALL, 42);
    assertThat(Invoke.decode(inv.encode())).isEqualTo(inv);
    Result ok = new Result(TASK, new Outcome.Ok(Ipld.text("x")), 7, SMALL, true, false, 99);
    assertThat(Result.decode(ok.encode())).isEqualTo(ok);
    MemoEntry memo = new MemoEntry(ok, INV);
    assertThat(MemoEntry.decode(memo.encode())).isEqualTo(memo);
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
    assertThat(outOfFuel.answers(new LimitSet(999, 1 << 20, 1_000, 1 << 10))).isTrue();
    assertThat(outOfFuel.answers(LARGE)).isFalse();
    Result ok = new Result(TASK, new Outcome.Ok(Ipld.NULL), 900, LARGE, true, false, 1);
    assertThat(ok.answers(SMALL)).as("a result answers any limits").isTrue();
  }

  @Test
  void streamRecordsUseFlinksPojoSerializerNotKryo() {
    for (Class<?> c : List.of(TaskEvent.class, dev.ipvm.job.receipt.ReceiptOut.class,
        dev.ipvm.job.kafka.InboundRecord.class, dev.ipvm.job.kafka.DlqRecord.class)) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
