package dev.ipvm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagcbor.DagCborException;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.dagjson.DagJsonException;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ipld.IpldArbitraries;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.UcanException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, decoding ends in a value or in the codec's own exception naming a rule:
 * never another exception, which in the job would be a crash instead of an error receipt or DLQ record.
 */
class HostileInputTest {
  private static final Signer SIGNER = Signer.generate();
  private static final byte[] ENVELOPE = Signed.sign(SIGNER, Invocation.builder()
      .iss(SIGNER.did().toString()).cmd("/wasm/run")
      .args(Ipld.Map.builder().put("fun", "add").put("params", Ipld.list(Ipld.integer(1), Ipld.integer(2))).build())
      .emptyNonce().build()).bytes();

  @Property(tries = 3000)
  void randomBytesDecodeOrFailWithARule(@ForAll @Size(max = 64) byte[] bytes) {
    try {
      DagCbor.decode(bytes);
    } catch (DagCborException e) {
      assertThat(e.rule()).isNotNull();
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedEnvelopes() {
    return Arbitraries.integers().between(0, ENVELOPE.length - 1).list().ofMinSize(1).ofMaxSize(4)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] b = ENVELOPE.clone();
          for (int i = 0; i < positions.size(); i++) {
            b[positions.get(i)] = values.get(i);
          }
          return b;
        }));
  }

  @Property(tries = 3000)
  void mutatedEnvelopesAreRejectedWithAReason(@ForAll("mutatedEnvelopes") byte[] bytes) {
    try {
      Invocation.decode(bytes).verify();
    } catch (DagCborException | UcanException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 1000)
  void truncatedEnvelopesAreRejected(@ForAll("cut") int length) {
    byte[] cut = java.util.Arrays.copyOf(ENVELOPE, length);
    try {
      Invocation.decode(cut);
      throw new AssertionError("a truncated envelope decoded");
    } catch (DagCborException | UcanException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Integer> cut() {
    return Arbitraries.integers().between(0, ENVELOPE.length - 1);
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> fromValues = IpldArbitraries.values(3).map(DagJson::encodeToString);
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("{}[]\\\":,/0123456789.eE-+ntruefalsbyt ").ofMaxLength(40),
        fromValues.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(i -> s.substring(0, i))),
        fromValues.flatMap(s -> Arbitraries.integers().between(0, Math.max(0, s.length() - 1))
            .flatMap(i -> Arbitraries.of('{', '}', '[', ']', '\\', '"', ':', ',', '/', 'x').map(c -> s.substring(0, i) + c + s.substring(Math.min(s.length(), i + 1))))));
  }

  @Property(tries = 3000)
  void dagJsonDecodesOrFailsWithARule(@ForAll("jsonish") String text) {
    try {
      DagJson.decode(text.getBytes(StandardCharsets.UTF_8));
    } catch (DagJsonException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
