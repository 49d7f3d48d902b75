package dev.ipvm.job.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;

/** Signs receipts with the executor's key. One per operator instance (not serializable). */
public final class ReceiptIssuer {
  private final Signer signer;
  private final String did;

  public ReceiptIssuer(String executorKeyPem) {
    this.signer = Signer.fromPem(executorKeyPem);
    this.did = signer.did().toString();
  }

  public String did() {
    return did;
  }

  /**
   * A signed receipt for the invocation {@code ran}.
   *
   * @param taskId null when the invocation was too broken to have one
   * @param meta extra meta (fuel, memo, ...); {@code task} is added here
   */
  public Signed<Receipt> sign(Cid ran, Cid taskId, Outcome out, Ipld.Map meta) {
    Ipld.Map.Builder m = Ipld.Map.builder();
    meta.forEach(m::put);
    if (taskId != null) {
      m.put("task", Ipld.link(taskId));
    }
    Receipt r = new Receipt(did, ran, out, Effects.NONE, m.build(), List.of(), System.currentTimeMillis() / 1000);
    return Signed.sign(signer, r);
  }

  /** {@link #sign} and wrap for the sink. */
  public ReceiptOut issue(Cid ran, Cid taskId, Outcome out, Ipld.Map meta) {
    Signed<Receipt> signed = sign(ran, taskId, out, meta);
    return out(signed, ran, taskId);
  }

  public static ReceiptOut out(Signed<Receipt> signed, Cid ran, Cid taskId) {
    Outcome out = signed.payload().out();
    String error = out instanceof Outcome.Error e ? e.name() : "";
    return new ReceiptOut(ran.toString(), taskId == null ? "" : taskId.toString(),
        error.isEmpty() ? "ok" : "error", error, signed.bytes());
  }
}
