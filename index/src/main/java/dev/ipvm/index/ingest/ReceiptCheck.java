package dev.ipvm.index.ingest;

import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.SignatureVerifier;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.util.Optional;

/** Decides whether a record of the receipts topic is indexed: a receipt, signed by its issuer, a trusted executor. */
public final class ReceiptCheck {
  /** The outcome: {@code receipt} when accepted, else {@code rejection} with a one-line reason. */
  public record Checked(Signed<Receipt> receipt, Rejection rejection, String reason) {
    public boolean accepted() {
      return rejection == null;
    }
  }

  private final Trust trust;
  private final SignatureVerifier verifier;

  /** Checks signatures with BouncyCastle. */
  public ReceiptCheck(Trust trust) {
    this(trust, SignatureVerifier.BOUNCY_CASTLE);
  }

  /** Checks signatures with {@code verifier} ({@link dev.ipvm.index.signature.VerifierChoice}). */
  public ReceiptCheck(Trust trust, SignatureVerifier verifier) {
    this.trust = trust;
    this.verifier = verifier;
  }

  /** What checks the Ed25519 signatures: the receipts' here, and invocations' ({@link Invocations}). */
  public SignatureVerifier verifier() {
    return verifier;
  }

  public Checked check(byte[] value) {
    if (value == null) {
      return new Checked(null, Rejection.NOT_A_RECEIPT, "a record without value");
    }
    Signed<Receipt> receipt;
    try {
      receipt = Receipt.decode(value);
    } catch (RuntimeException e) {
      return new Checked(null, Rejection.NOT_A_RECEIPT, e.getMessage());
    }
    Optional<UcanException> problem = receipt.signatureProblem(verifier);
    if (problem.isPresent()) {
      return new Checked(receipt, Rejection.INVALID_SIGNATURE, problem.get().getMessage());
    }
    if (!trust.trusts(receipt.payload().iss())) {
      return new Checked(receipt, Rejection.UNTRUSTED_ISSUER, receipt.payload().iss() + " is not a trusted executor");
    }
    return new Checked(receipt, null, null);
  }
}
