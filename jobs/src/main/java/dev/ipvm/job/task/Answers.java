package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.kafka.OutRecord;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.receipt.ReceiptIssuer;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Command;
import dev.ipvm.task.KafkaPublish;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import org.apache.flink.util.Collector;

/**
 * What a task sends out through the transactional sink once it has a result: the signed
 * receipts, the invocations of the tasks a function asked for ({@code fx}), and the record a
 * {@code /kafka/publish} effect writes. All of it commits with the same checkpoint, so an
 * effect asked for by a function runs only once the receipt asking for it is committed.
 */
final class Answers {
  /** How an earlier receipt is named in a later one's meta. */
  enum Reuse {
    /** A pure task's memo hit: {@code meta.memo}. */
    MEMO("memo"),
    /** An effect's Task ID seen again: its recorded outcome, {@code meta.replay}; it did not run again. */
    REPLAY("replay");

    final String key;

    Reuse(String key) {
      this.key = key;
    }
  }

  private final ReceiptIssuer issuer;
  private final JobMetrics metrics;

  Answers(ReceiptIssuer issuer, JobMetrics metrics) {
    this.issuer = issuer;
    this.metrics = metrics;
  }

  /** Signs and emits the receipt answering {@code inv}; returns its CID. */
  Cid receipt(Collector<OutRecord> out, Invoke inv, Result r, Cid reused, Reuse how, boolean coalesced) {
    Ipld.Map.Builder meta = Ipld.Map.builder();
    if (inv.cmd() == Command.WASM_RUN) {
      meta.put("fuel", r.fuel());
    }
    if (reused != null) {
      meta.put(how.key, Ipld.link(reused));
    }
    if (coalesced) {
      meta.put("coalesced", Ipld.TRUE);
    }
    Effects fx = r.fx() == null ? Effects.NONE : Fx.effects(r.fx(), inv.taskId(), issuer.did());
    Signed<Receipt> signed = issuer.sign(inv.invocation(), inv.taskId(), r.out(), fx, meta.build());
    out.collect(ReceiptIssuer.out(signed, inv.invocation(), inv.taskId()));
    metrics.receipt(r.errorName(), System.currentTimeMillis() - inv.receivedMillis());
    return signed.cid();
  }

  /** The invocations of the tasks {@code r}'s function asked for, caused by {@code receipt}. */
  void issueFx(Collector<OutRecord> out, Cid taskId, Result r, Cid receipt) {
    if (r.fx() == null) {
      return;
    }
    for (Invocation inv : Fx.invocations(r.fx(), taskId, issuer.did(), receipt)) {
      out.collect(OutRecord.invocation(inv.taskId().toString(), issuer.sign(inv).bytes()));
    }
  }

  /** The record of a {@code /kafka/publish} that its executor accepted. */
  void publish(Collector<OutRecord> out, Invoke inv) {
    KafkaPublish p = KafkaPublish.fromArgs(inv.args());
    Ipld.Map.Builder h = Ipld.Map.builder();
    p.headers().forEach(h::put);
    if (p.dagCbor()) {
      h.put(dev.ipvm.topic.Headers.CONTENT_TYPE, dev.ipvm.topic.Headers.DAG_CBOR);
    }
    Ipld.Map headers = h.build();
    out.collect(OutRecord.published(p.topic(), p.key(), p.value(), inv.taskId().toString(),
        headers.size() == 0 ? new byte[0] : DagCbor.encode(headers)));
  }
}
