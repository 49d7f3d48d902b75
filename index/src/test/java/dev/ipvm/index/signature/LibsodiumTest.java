package dev.ipvm.index.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.index.Receipts;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.SignatureVerifier;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libsodium accepts and rejects exactly what BouncyCastle does, on receipts and on crafted signatures. */
class LibsodiumTest {
  private static final SignatureVerifier BC = SignatureVerifier.BOUNCY_CASTLE;
  private static final Libsodium SODIUM = Libsodium.load();
  /** The order of the prime subgroup, L = 2^252 + 27742317777372353535851937790883648493. */
  private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final Signer KEY = Signer.fromSeed(new byte[32]);
  private static final byte[] MESSAGE = "a SigPayload's bytes".getBytes(StandardCharsets.UTF_8);

  private final Receipts receipts = new Receipts();

  @Test
  void autoChoosesLibsodiumFromTheJar() {
    VerifierChoice.Chosen chosen = VerifierChoice.AUTO.load();
    assertThat(chosen.verifier()).isInstanceOf(Libsodium.class);
    assertThat(chosen.description()).startsWith("libsodium");
    assertThat(VerifierChoice.BOUNCYCASTLE.load().verifier()).isSameAs(BC);
  }

  @Test
  void bothAcceptTheSameReceiptsAndInvocations() {
    List<Signed<?>> signed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Signed<Invocation> inv = receipts.invocation(i);
      signed.add(inv);
      signed.add(receipts.receipt(inv, i));
      signed.add(receipts.receipt(inv, new Outcome.Error(Ipld.Map.builder().put("name", "Trap").put("message", "unreachable").build())));
    }
    for (Signed<?> s : signed) {
      assertThat(s.signatureProblem(SODIUM)).isEmpty();
      assertThat(s.signatureProblem(BC)).isEmpty();
      assertThat(s.signatureProblem()).isEmpty();
    }
  }

  @Test
  void bothRejectAForgedReceiptAndAWrongKey() {
    Signed<Receipt> good = receipts.receipt(receipts.invocation(1), 1);
    Signed<Receipt> forged = Receipt.decode(Receipts.forged(good));
    assertThat(forged.signatureProblem(SODIUM)).isPresent();
    assertThat(forged.signatureProblem(BC)).isPresent();
    // signed by the executor, but naming another issuer: its key does not verify it
    Signer stranger = Signer.generate();
    Receipt claims = new Receipt(stranger.did().toString(), good.payload().ran(), good.payload().out(),
        good.payload().fx(), good.payload().meta(), List.of(), good.payload().iat());
    Signed<Receipt> wrongKey = Receipt.decode(Envelope.sign(receipts.executor, claims.tag(), claims.toIpld()).bytes());
    assertThat(wrongKey.signatureProblem(SODIUM)).isPresent();
    assertThat(wrongKey.signatureProblem(BC)).isPresent();
  }

  @Test
  void everyFlippedBitOfTheSignatureOrMessageIsRejectedByBoth() {
    byte[] pk = KEY.did().publicKey();
    byte[] sig = KEY.sign(MESSAGE);
    assertThat(SODIUM.verify(pk, MESSAGE, 0, MESSAGE.length, sig)).isTrue();
    assertThat(BC.verify(pk, MESSAGE, 0, MESSAGE.length, sig)).isTrue();
    for (int bit = 0; bit < 512; bit++) {
      byte[] bad = sig.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(SODIUM.verify(pk, MESSAGE, 0, MESSAGE.length, bad)).as("bit %d", bit).isFalse();
      assertThat(BC.verify(pk, MESSAGE, 0, MESSAGE.length, bad)).as("bit %d", bit).isFalse();
    }
    for (int i = 0; i < MESSAGE.length; i++) {
      byte[] other = MESSAGE.clone();
      other[i] ^= 1;
      assertThat(SODIUM.verify(pk, other, 0, other.length, sig)).isFalse();
      assertThat(BC.verify(pk, other, 0, other.length, sig)).isFalse();
    }
    byte[] wrongKey = Signer.generate().did().publicKey();
    assertThat(SODIUM.verify(wrongKey, MESSAGE, 0, MESSAGE.length, sig)).isFalse();
    assertThat(BC.verify(wrongKey, MESSAGE, 0, MESSAGE.length, sig)).isFalse();
  }

  @Test
  void verifiesASliceOfTheMessage() {
    byte[] framed = new byte[MESSAGE.length + 7];
    System.arraycopy(MESSAGE, 0, framed, 3, MESSAGE.length);
    byte[] sig = KEY.sign(MESSAGE);
    assertThat(SODIUM.verify(KEY.did().publicKey(), framed, 3, MESSAGE.length, sig)).isTrue();
    assertThat(SODIUM.verify(KEY.did().publicKey(), framed, 2, MESSAGE.length, sig)).isFalse();
  }

  @Test
  void bothRejectANonCanonicalS() {
    byte[] sig = KEY.sign(MESSAGE);
    BigInteger s = littleEndian(Arrays.copyOfRange(sig, 32, 64));
    byte[] malleated = signature(Arrays.copyOf(sig, 32), s.add(L));  // the same S mod L
    assertThat(SODIUM.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length, malleated)).isFalse();
    assertThat(BC.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length, malleated)).isFalse();
  }

  /**
   * R the identity and S = k·a satisfy [S]B = R + [k]A: a signature only the key's holder can make,
   * which libsodium refuses up front and BouncyCastle checks; the index answers as BouncyCastle does.
   */
  @Test
  void aSmallOrderRIsDecidedAsBouncyCastleDecides() throws Exception {
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] nonCanonicalIdentity = le(P.add(BigInteger.ONE));  // p + 1: the identity again, not canonical
    for (byte[] r : List.of(identity, nonCanonicalIdentity)) {
      byte[] sig = signature(r, holderS(r));
      assertThat(Libsodium.smallOrderR(sig)).isTrue();
      assertThat(SODIUM.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length, sig))
          .isEqualTo(BC.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length, sig));
    }
    // what BouncyCastle 1.82 decides: the canonical one holds, the non-canonical encoding does not decode
    assertThat(BC.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length, signature(identity, holderS(identity))))
        .isTrue();
    assertThat(BC.verify(KEY.did().publicKey(), MESSAGE, 0, MESSAGE.length,
        signature(nonCanonicalIdentity, holderS(nonCanonicalIdentity)))).isFalse();
  }

  /** The y values libsodium refuses are those of the eight points of small order (8P = identity), or them plus p. */
  @Test
  void theSmallOrderListIsThePointsOfSmallOrder() {
    int points = 0;
    for (BigInteger y : Libsodium.SMALL_ORDER_Y) {
      if (y.compareTo(P) >= 0) {
        assertThat(Libsodium.SMALL_ORDER_Y).contains(y.subtract(P));
        continue;
      }
      BigInteger x = Edwards.x(y);
      for (BigInteger sx : x.signum() == 0 ? List.of(x) : List.of(x, P.subtract(x))) {
        BigInteger[] p = {sx, y};
        BigInteger[] eight = Edwards.add(p, p);
        eight = Edwards.add(eight, eight);
        eight = Edwards.add(eight, eight);
        assertThat(eight).containsExactly(BigInteger.ZERO, BigInteger.ONE);
        points++;
      }
    }
    assertThat(points).isEqualTo(8);  // the whole torsion subgroup: none is missing
  }

  /** Edwards25519 (-x² + y² = 1 + d x² y²) in plain arithmetic, only to check the list above. */
  private static final class Edwards {
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    static BigInteger x(BigInteger y) {
      BigInteger y2 = y.multiply(y).mod(P);
      BigInteger u = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
      BigInteger x = u.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
      if (!x.multiply(x).mod(P).equals(u)) {
        x = x.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
      }
      assertThat(x.multiply(x).mod(P)).as("y %s is on the curve", y).isEqualTo(u);
      return x;
    }

    static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
      BigInteger t = D.multiply(a[0]).multiply(b[0]).multiply(a[1]).multiply(b[1]).mod(P);
      BigInteger x = a[0].multiply(b[1]).add(a[1].multiply(b[0])).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
      BigInteger y = a[1].multiply(b[1]).add(a[0].multiply(b[0])).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P))
          .mod(P);
      return new BigInteger[] {x, y};
    }
  }

  /** S = k·a mod L for R and KEY's secret scalar a, k = SHA-512(R || A || M) mod L (RFC 8032). */
  private static BigInteger holderS(byte[] r) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-512").digest(new byte[32]);  // KEY's seed
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    BigInteger a = littleEndian(Arrays.copyOf(h, 32));
    MessageDigest sha = MessageDigest.getInstance("SHA-512");
    sha.update(r);
    sha.update(KEY.did().publicKey());
    sha.update(MESSAGE);
    BigInteger k = littleEndian(sha.digest()).mod(L);
    return k.multiply(a).mod(L);
  }

  private static byte[] signature(byte[] r, BigInteger s) {
    byte[] sig = Arrays.copyOf(r, 64);
    System.arraycopy(le(s), 0, sig, 32, 32);
    return sig;
  }

  private static byte[] le(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, be);
  }
}
