package dev.ipvm.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The word on a receipt's line says what happened: executed, denied, failed, replayed, a memo hit. */
class ReceiptTextTest {
  private static final Cid RAN = Cid.of(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});

  private static Receipt receipt(Outcome out, Ipld.Map meta) {
    return new Receipt("did:key:z6Mkexecutor", RAN, out, Effects.NONE, meta, List.of(), 1L);
  }

  @Test
  void aDeniedEffectSaysDeniedAndWhy() {
    Receipt denied = receipt(Outcome.Error.of("DestinationDenied", "example.org:443 is not in effects.http.allow"),
        Ipld.Map.builder().build());
    assertThat(ReceiptText.how(denied)).isEqualTo("denied: example.org:443 is not in effects.http.allow");
    Receipt revoked = receipt(Outcome.Error.of("Revoked", "prf[0] was revoked"), Ipld.Map.builder().build());
    assertThat(ReceiptText.how(revoked)).isEqualTo("denied: prf[0] was revoked");
  }

  @Test
  void anEffectThatFailedOrRanSaysSo() {
    assertThat(ReceiptText.how(receipt(Outcome.Error.of("ConnectionFailed", "refused"), Ipld.Map.builder().build())))
        .isEqualTo("failed");
    assertThat(ReceiptText.how(receipt(new Outcome.Ok(Ipld.text("x")), Ipld.Map.builder().build())))
        .isEqualTo("executed");
    assertThat(ReceiptText.how(receipt(new Outcome.Ok(Ipld.text("x")), Ipld.Map.builder().put("fuel", 4).build())))
        .isEqualTo("fuel 4");
  }

  @Test
  void aReplayedOneSaysReplay() {
    Receipt replayed = receipt(Outcome.Error.of("DestinationDenied", "no"), Ipld.Map.builder().put("replay", Ipld.TRUE).build());
    assertThat(ReceiptText.how(replayed)).startsWith("replay: recorded outcome, not run again");
  }
}
