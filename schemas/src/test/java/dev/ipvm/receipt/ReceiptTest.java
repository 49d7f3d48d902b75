package dev.ipvm.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.TagSpelling;
import dev.ipvm.ucan.UcanException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final Signer USER = Signer.generate();
  private static final Signer EXECUTOR = Signer.generate();

  @Test
  void executorSignsAReceiptForAnInvocation() {
    Invocation inv = Invocation.builder().iss(USER.did().toString()).cmd("/wasm/run").emptyNonce().build();
    Signed<Invocation> signedInv = Signed.sign(USER, inv);
    Ipld.Map meta = Ipld.Map.builder().put("task", Ipld.link(inv.taskId())).put("fuel", 42).build();
    Receipt r = new Receipt(EXECUTOR.did().toString(), signedInv.cid(), new Outcome.Ok(Ipld.integer(3)),
        Effects.NONE, meta, List.of(), 1_700_000_000L);
    Signed<Receipt> back = Receipt.decode(Signed.sign(EXECUTOR, r).bytes()).verify();
    assertThat(back.payload()).isEqualTo(r);
    assertThat(back.payload().ran()).isEqualTo(signedInv.cid());
    assertThat(back.payload().taskId()).isEqualTo(inv.taskId());
    assertThat(back.envelope().tag()).isEqualTo("ucan/rct@1.0.0-rc.1");
    // receipts have no 1.0 spec: one tag whatever spelling is asked for
    assertThat(Signed.sign(EXECUTOR, r, TagSpelling.FINAL).envelope().tag()).isEqualTo("ucan/rct@1.0.0-rc.1");
    assertThat(signedInv.envelope().tag()).isEqualTo("ucan/inv@1.0.0");
  }

  @Test
  void errorsCarryNameAndMessage() {
    Outcome.Error e = Outcome.Error.of("OutOfFuel", "used 1000 of 1000 instructions");
    Outcome back = Outcome.fromIpld(e.toIpld());
    assertThat(back).isEqualTo(e);
    assertThat(((Outcome.Error) back).name()).isEqualTo("OutOfFuel");
  }

  @Test
  void effectsRoundTrip() {
    Cid a = Cid.parse("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
    Effects fx = new Effects(List.of(a), a);
    Receipt r = new Receipt(EXECUTOR.did().toString(), a, new Outcome.Ok(Ipld.NULL), fx, Ipld.Map.EMPTY, List.of(), null);
    assertThat(Receipt.fromIpld(r.toIpld()).fx()).isEqualTo(fx);
  }

  @Test
  void malformedOutIsRejected() {
    Cid a = Cid.parse("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
    Receipt r = new Receipt(EXECUTOR.did().toString(), a, new Outcome.Ok(Ipld.NULL), Effects.NONE, Ipld.Map.EMPTY, List.of(), null);
    java.util.Map<String, Ipld> m = new java.util.HashMap<>(r.toIpld().entries());
    m.put("out", Ipld.Map.builder().put("maybe", 1).build());
    assertThatThrownBy(() -> Receipt.fromIpld(Ipld.Map.of(m)))
        .isInstanceOf(UcanException.class).hasMessageContaining("'out' must be {ok: any} or {error");
  }
}
