package dev.ipvm.job.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.List;

/** Signs receipts, and the invocations the executor issues, with the executor's key. One per operator instance (not serializable). */
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
    return sign(ran, taskId, out, Effects.NONE, meta);
  }

  /** A signed receipt whose {@code fx} names the tasks the execution asked for. */
  public Signed<Receipt> sign(Cid ran, Cid taskId, Outcome out, Effects fx, Ipld.Map meta) {
    Ipld.Map.Builder m = Ipld.Map.builder();
    meta.forEach(m::put);
    if (taskId != null) {
      m.put("task", Ipld.link(taskId));
    }
    Receipt r = new Receipt(did, ran, out, fx, m.build(), List.of(), System.currentTimeMillis() / 1000);
    return Signed.sign(signer, r);
  }

  /** An invocation the executor issues itself (iss = the executor), signed. */
  public Signed<dev.ipvm.ucan.Invocation> sign(dev.ipvm.ucan.Invocation inv) {
    if (!inv.iss().equals(did)) {
      throw new IllegalArgumentException("the executor signs only its own invocations, not " + inv.iss() + "'s");
    }
    return Signed.sign(signer, inv);
  }

  /** {@link #sign} and wrap for the sink. */
  public OutRecord issue(Cid ran, Cid taskId, Outcome out, Ipld.Map meta) {
    Signed<Receipt> signed = sign(ran, taskId, out, meta);
    return out(signed, ran, taskId);
  }

  public static OutRecord out(Signed<Receipt> signed, Cid ran, Cid taskId) {
    Outcome out = signed.payload().out();
    String error = out instanceof Outcome.Error e ? e.name() : "";
    return OutRecord.receipt(ran.toString(), taskId == null ? "" : taskId.toString(),
        error.isEmpty() ? "ok" : "error", error, signed.bytes());
  }
}
