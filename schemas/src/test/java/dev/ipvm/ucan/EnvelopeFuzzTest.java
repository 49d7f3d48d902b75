package dev.ipvm.ucan;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.dagcbor.DagCborException;
import dev.ipvm.receipt.Receipt;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of UCAN envelope decoding (docs/fuzzing.md): {@link Envelope#decode},
 * then the payload read as an invocation, a delegation and a receipt, whatever its tag says, and
 * the signature check of each token that decodes. The only refusals allowed are
 * {@link DagCborException} (not strict DAG-CBOR) and {@link UcanException} (not a UCAN); a
 * signature that does not verify is a value, never an exception.
 */
class EnvelopeFuzzTest {

  @FuzzTest
  void decode(byte[] input) {
    Envelope envelope;
    try {
      envelope = Envelope.decode(input);
    } catch (DagCborException | UcanException refused) {
      return;
    }
    assertThat(envelope.bytes()).isEqualTo(input);
    assertThat(envelope.tag()).isNotEqualTo("h");

    try {
      Invocation inv = Invocation.fromIpld(envelope.payload());
      assertThat(inv.toIpld()).isEqualTo(envelope.payload());
    } catch (UcanException refused) {
      // not an invocation payload
    }
    try {
      Delegation d = Delegation.fromIpld(envelope.payload());
      assertThat(d.toIpld()).isEqualTo(envelope.payload());
    } catch (UcanException refused) {
      // not a delegation payload
    }
    try {
      Receipt.fromIpld(envelope.payload());
    } catch (UcanException refused) {
      // not a receipt payload
    }

    check(() -> Invocation.decode(input));
    check(() -> Delegation.decode(input));
    check(() -> Receipt.decode(input));
  }

  private static void check(java.util.function.Supplier<? extends Signed<?>> decode) {
    Signed<?> token;
    try {
      token = decode.get();
    } catch (UcanException refused) {
      return;
    }
    assertThat(token.bytes()).isNotEmpty();
    Optional<UcanException> problem = token.signatureProblem();
    assertThat(problem).isNotNull();
  }
}
