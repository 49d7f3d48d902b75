package dev.ipvm.index.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.index.Receipts;
import dev.ipvm.ucan.Signer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiptCheckTest {
  private final Receipts receipts = new Receipts();
  private final ReceiptCheck check = new ReceiptCheck(new Trust(Set.of(receipts.executor.did().toString())));

  @Test
  void acceptsAReceiptOfATrustedExecutor() {
    var r = receipts.receipt(receipts.invocation(1), 1);
    ReceiptCheck.Checked c = check.check(r.bytes());
    assertThat(c.accepted()).isTrue();
    assertThat(c.receipt().cid()).isEqualTo(r.cid());
  }

  @Test
  void refusesABadSignature() {
    byte[] forged = Receipts.forged(receipts.receipt(receipts.invocation(1), 1));
    ReceiptCheck.Checked c = check.check(forged);
    assertThat(c.rejection()).isEqualTo(Rejection.INVALID_SIGNATURE);
  }

  @Test
  void refusesAnUntrustedIssuer() {
    Signer stranger = Signer.generate();
    ReceiptCheck.Checked c = check.check(receipts.receipt(stranger, receipts.invocation(1),
        new dev.ipvm.receipt.Outcome.Ok(dev.ipvm.ipld.Ipld.integer(2))).bytes());
    assertThat(c.rejection()).isEqualTo(Rejection.UNTRUSTED_ISSUER);
    assertThat(c.reason()).contains(stranger.did().toString());
  }

  @Test
  void refusesWhatIsNotAReceipt() {
    assertThat(check.check(null).rejection()).isEqualTo(Rejection.NOT_A_RECEIPT);
    assertThat(check.check(new byte[] {1, 2, 3}).rejection()).isEqualTo(Rejection.NOT_A_RECEIPT);
    // an invocation is an envelope, but not a receipt
    assertThat(check.check(receipts.invocation(1).bytes()).rejection()).isEqualTo(Rejection.NOT_A_RECEIPT);
  }

  @Test
  void trustNeedsAtLeastOneDidKey() {
    assertThatThrownBy(() -> new Trust(Set.of())).hasMessageContaining("--trust");
    assertThatThrownBy(() -> new Trust(Set.of("did:web:example.org"))).hasMessageContaining("did:key");
  }

  @Test
  void trustFileSkipsCommentsAndBlankLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var file = dir.resolve("executors.txt");
    String did = receipts.executor.did().toString();
    java.nio.file.Files.writeString(file, "# executors\n\n" + did + "   # the dev one\n");
    assertThat(Trust.of(List.of(), List.of(file)).executors()).containsExactly(did);
  }
}
