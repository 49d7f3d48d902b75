package dev.ipvm.job.task;

import dev.ipvm.job.event.JobError;
import dev.ipvm.job.event.Fx;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.receipt.ReceiptIssuer;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Command;
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
  /**
   * Where a receipt's answer comes from, as its meta says: this run ({@link #fresh()}), an
   * earlier receipt ({@link #memo}, {@link #replay}), or a run it waited for ({@link #coalesced}).
   *
   * @param earlierKey the meta key naming {@code earlier} ({@code memo} or {@code replay}), or null
   * @param earlier the receipt whose answer this one repeats, or null
   * @param coalesced whether the invocation joined a run in progress ({@code meta.coalesced})
   */
  record Provenance(String earlierKey, Cid earlier, boolean coalesced) {
    /** The run that answers this invocation first. */
    static Provenance fresh() {
      return new Provenance(null, null, false);
    }

    /** A pure task's memo hit: {@code meta.memo}. */
    static Provenance memo(Cid receipt) {
      return new Provenance("memo", receipt, false);
    }

    /** An effect's Task ID seen again: its recorded outcome, {@code meta.replay}; it did not run again. */
    static Provenance replay(Cid receipt) {
      return new Provenance("replay", receipt, false);
    }

    /** {@link #replay} for an effect, {@link #memo} for a pure task. */
    static Provenance earlier(Cid receipt, boolean effect) {
      return effect ? replay(receipt) : memo(receipt);
    }

    /**
     * An invocation that waited for the run in progress, answered with the receipt of the first
     * one it answered ({@link #earlier}), and {@code meta.coalesced}.
     */
    static Provenance coalesced(Cid first, boolean effect) {
      Provenance p = earlier(first, effect);
      return new Provenance(p.earlierKey, p.earlier, true);
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Answers.class);

  private final ReceiptIssuer issuer;
  private final JobMetrics metrics;
  private final SinkGuard guard;

  Answers(ReceiptIssuer issuer, JobMetrics metrics, SinkGuard guard) {
    this.issuer = issuer;
    this.metrics = metrics;
    this.guard = guard;
  }

  /** Signs and emits the receipt answering {@code inv} with {@code r}, from {@code from}; returns its CID. */
  Cid receipt(Collector<OutRecord> out, Invoke inv, Result r, Provenance from) {
    Ipld.Map.Builder meta = Ipld.Map.builder();
    if (inv.cmd() == Command.WASM_RUN) {
      meta.put("fuel", r.fuel());
    }
    if (from.earlier() != null) {
      meta.put(from.earlierKey(), Ipld.link(from.earlier()));
    }
    if (from.coalesced()) {
      meta.put("coalesced", Ipld.TRUE);
    }
    Effects fx = r.fx() == null ? Effects.NONE : Fx.effects(r.fx(), inv.taskId(), issuer.did());
    Signed<Receipt> signed = issuer.sign(inv.invocation(), inv.taskId(), r.out(), fx, meta.build());
    OutRecord record = ReceiptIssuer.out(signed, inv.invocation(), inv.taskId());
    var no = guard.refusal(record);
    String error = r.errorName();
    if (no != null) { // in practice: a result larger than the receipts topic takes
      error = JobError.RECEIPT_TOO_LARGE.errorName();
      signed = issuer.sign(inv.invocation(), inv.taskId(), Outcome.Error.of(error, "the receipt of this result "
          + "cannot be written: " + no.message()), Effects.NONE, meta.build());
      record = ReceiptIssuer.out(signed, inv.invocation(), inv.taskId());
    }
    out.collect(record);
    metrics.receipt(error, System.currentTimeMillis() - inv.receivedMillis());
    return signed.cid();
  }

  /** The invocations of the tasks {@code r}'s function asked for, caused by {@code receipt}. */
  void issueFx(Collector<OutRecord> out, Cid taskId, Result r, Cid receipt) {
    if (r.fx() == null) {
      return;
    }
    for (Invocation inv : Fx.invocations(r.fx(), taskId, issuer.did(), receipt)) {
      OutRecord record = OutRecord.invocation(inv.taskId().toString(), issuer.sign(inv).bytes());
      var no = guard.refusal(record);
      if (no != null) { // a dependent awaiting it ends in AwaitTimeout; the job goes on
        LOG.warn("task {} asked for task {}, whose invocation cannot be written: {}", taskId, inv.taskId(), no.message());
        metrics.named("errors", JobError.FX_NOT_ISSUED.errorName()).inc();
        continue;
      }
      out.collect(record);
    }
  }
}
