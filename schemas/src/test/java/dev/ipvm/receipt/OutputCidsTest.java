package dev.ipvm.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCidsTest {
  private static Cid raw(String s) {
    return Cid.of(Multicodec.RAW, s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void okGivesTheValuesOwnCidThenEveryLinkOnce() {
    Ipld value = Ipld.Map.builder()
        .put("a", Ipld.link(raw("a")))
        .put("b", Ipld.list(Ipld.link(raw("b")), Ipld.Map.builder().put("c", Ipld.link(raw("a"))).build()))
        .build();
    assertThat(OutputCids.of(new Outcome.Ok(value)))
        .containsExactly(DagCbor.cid(value), raw("a"), raw("b"));
  }

  @Test
  void bytesInAnOkValueAreAlsoTheirRawBlocksCid() {
    byte[] ppm = "P6\n1 1\n255\nabc".getBytes(StandardCharsets.US_ASCII);
    Ipld value = Ipld.Bytes.of(ppm);
    assertThat(OutputCids.of(new Outcome.Ok(value))).containsExactly(DagCbor.cid(value), Cid.of(Multicodec.RAW, ppm));
    Ipld.Map nested = Ipld.Map.builder().put("image", Ipld.Bytes.of(ppm)).build();
    assertThat(OutputCids.of(new Outcome.Ok(nested))).contains(Cid.of(Multicodec.RAW, ppm));
    Ipld.Map error = Ipld.Map.builder().put("name", "Trap").put("message", "x").put("dump", Ipld.Bytes.of(ppm)).build();
    assertThat(OutputCids.of(new Outcome.Error(error))).isEmpty();
  }

  @Test
  void aPlainValueHasItsCidOnly() {
    assertThat(OutputCids.of(new Outcome.Ok(Ipld.integer(42)))).containsExactly(DagCbor.cid(Ipld.integer(42)));
  }

  @Test
  void anErrorGivesOnlyTheLinksInIt() {
    Ipld.Map e = Ipld.Map.builder().put("name", "Trap").put("message", "x").put("input", Ipld.link(raw("in"))).build();
    assertThat(OutputCids.of(new Outcome.Error(e))).containsExactly(raw("in"));
  }
}
