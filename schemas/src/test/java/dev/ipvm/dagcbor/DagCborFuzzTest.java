package dev.ipvm.dagcbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.ipld.Ipld;

/**
 * Coverage-guided fuzzing of the strict DAG-CBOR decoder (docs/fuzzing.md). Every input either
 * decodes, and then re-encodes to exactly the same bytes (the decoder accepts only the canonical
 * form, so decoding is one-to-one), or is refused with a {@link DagCborException}. Any other
 * exception, a hang or running out of memory is a finding.
 *
 * <p>The default build runs only the committed inputs under {@code DagCborFuzzTestInputs/decode};
 * {@code -Pfuzz} (or {@code bin/fuzz}) fuzzes, and writes a crashing input there.
 */
class DagCborFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] input) {
    Ipld value;
    try {
      value = DagCbor.decode(input);
    } catch (DagCborException refused) {
      assertThat(refused.rule()).isNotNull();
      assertThat(refused.offset()).isBetween(0L, (long) input.length);
      return;
    }
    assertThat(DagCbor.encode(value)).isEqualTo(input);
    assertThat(DagCbor.decode(DagCbor.encode(value))).isEqualTo(value);
  }
}
