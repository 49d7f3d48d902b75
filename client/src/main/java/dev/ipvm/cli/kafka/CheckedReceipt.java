package dev.ipvm.cli.kafka;

import dev.ipvm.cid.Cid;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.util.Optional;

/**
 * A receipt record read for an invocation: decoded, its signature checked, and checked to have
 * run that invocation ({@code ipvm run} and {@code ipvm workflow run}).
 *
 * @param signed the receipt, or null when the record is not one
 * @param reason null when the receipt is good; else why not, e.g. {@code does not verify:
 *     BadSignature: ...}
 * @param sentence null when good; else the whole sentence, e.g. {@code the receipt for invocation
 *     bafy... does not verify: BadSignature: ...}
 */
public record CheckedReceipt(Signed<Receipt> signed, String reason, String sentence) {

  public boolean valid() {
    return reason == null;
  }

  /** Checks the record value keyed by {@code invocation} on the receipts topic. */
  public static CheckedReceipt check(byte[] value, Cid invocation) {
    Signed<Receipt> signed;
    try {
      signed = Receipt.decode(value);
    } catch (RuntimeException e) {
      String reason = "cannot be read: " + Kafka.message(e);
      return new CheckedReceipt(null, reason, "the receipt for invocation " + invocation + " " + reason);
    }
    Optional<UcanException> problem = signed.signatureProblem();
    if (problem.isPresent()) {
      String reason = "does not verify: " + problem.get().reason().errorName() + ": " + problem.get().getMessage();
      return new CheckedReceipt(signed, reason, "the receipt for invocation " + invocation + " " + reason);
    }
    Cid ran = signed.payload().ran();
    if (!ran.equals(invocation)) {
      return new CheckedReceipt(signed, "says it ran " + ran,
          "the receipt keyed by invocation " + invocation + " says it ran " + ran);
    }
    return new CheckedReceipt(signed, null, null);
  }
}
