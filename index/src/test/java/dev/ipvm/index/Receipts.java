package dev.ipvm.index;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Signed invocations and receipts for the tests, made as the job makes them (jobs' ReceiptIssuer). */
public final class Receipts {
  public final Signer executor = Signer.generate();
  public final Signer user = Signer.generate();
  private final AtomicLong iat = new AtomicLong(1_700_000_000);

  /** An invocation by {@code who}, new each call (its own iat). */
  public Signed<Invocation> invocation(Signer who, long n) {
    String did = who.did().toString();
    Invocation inv = Invocation.builder().iss(did).sub(did).cmd("/wasm/run")
        .args(Ipld.Map.builder().put("fun", "add").put("args", Ipld.list(Ipld.integer(n), Ipld.integer(1))).build())
        .emptyNonce().iat(iat.incrementAndGet()).build();
    return Signed.sign(who, inv);
  }

  /** An invocation by the user whose args await {@code upstream}'s ok value. */
  public Signed<Invocation> awaiting(Signed<Invocation> upstream) {
    String did = user.did().toString();
    Ipld await = Ipld.Map.builder().put("await/ok", Ipld.link(upstream.payload().taskId())).build();
    Invocation inv = Invocation.builder().iss(did).sub(did).cmd("/wasm/run")
        .args(Ipld.Map.builder().put("fun", "add").put("args", Ipld.list(await, Ipld.integer(1))).build())
        .emptyNonce().iat(iat.incrementAndGet()).build();
    return Signed.sign(user, inv);
  }

  public Signed<Invocation> invocation(long n) {
    return invocation(user, n);
  }

  /** A receipt answering {@code inv} with {@code out}, signed by {@code signer} (meta: task, fuel); each one new (its own iat). */
  public Signed<Receipt> receipt(Signer signer, Signed<Invocation> inv, Outcome out) {
    Ipld.Map meta = Ipld.Map.builder().put("fuel", 42).put("task", Ipld.link(inv.payload().taskId())).build();
    Receipt r = new Receipt(signer.did().toString(), inv.cid(), out, Effects.NONE, meta, List.of(),
        iat.incrementAndGet());
    return Signed.sign(signer, r);
  }

  public Signed<Receipt> receipt(Signed<Invocation> inv, Outcome out) {
    return receipt(executor, inv, out);
  }

  /** {@code {ok: n + 1}} for the invocation of n. */
  public Signed<Receipt> receipt(Signed<Invocation> inv, long n) {
    return receipt(inv, new Outcome.Ok(Ipld.integer(n + 1)));
  }

  /** A receipt whose {@code ok} links {@code produced} (as the image functions' outputs do). */
  public Signed<Receipt> producing(Signed<Invocation> inv, Cid produced) {
    return receipt(inv, new Outcome.Ok(Ipld.Map.builder().put("image", Ipld.link(produced)).put("width", 8).build()));
  }

  /** {@code signed}'s envelope (a receipt's, an invocation's) with one bit of its signature flipped. */
  public static byte[] forged(Signed<?> signed) {
    Ipld.List envelope = (Ipld.List) DagCbor.decode(signed.bytes());
    byte[] sig = ((Ipld.Bytes) envelope.items().get(0)).toByteArray();
    sig[5] ^= 1;
    List<Ipld> items = new ArrayList<>(envelope.items());
    items.set(0, Ipld.Bytes.of(sig));
    return DagCbor.encode(new Ipld.List(items));
  }
}
