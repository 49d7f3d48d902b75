package dev.ipvm.bench.all;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.DidKey;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-invocation crypto on one thread, in alternating rounds so that load on the machine
 * falls on each variant alike: verifying an envelope from its issuer's did:key string each time
 * (parse, decode the point, verify: the job before issue 18), verifying with the issuer's key
 * cached ({@code Signed.verify}, the job now), and signing a receipt-sized payload.
 */
record Crypto(double verifyFromDidUs, double verifyCachedUs, double signUs) {
  /** Many short rounds, each running the three variants back to back, so a burst of load falls on all three. */
  private static final int ROUNDS = 41;
  private static final int OPS = 200;

  /** Prints the figures alone: {@code Crypto [receiptBytes=420]}. */
  public static void main(String[] args) {
    Crypto c = measure(args.length > 0 ? Integer.parseInt(args[0]) : RunAll.RECEIPT_BYTES_GUESS);
    System.out.printf(java.util.Locale.ROOT, "verify from did:key %.0f us, cached key %.0f us (%.2f), sign %.0f us%n",
        c.verifyFromDidUs(), c.verifyCachedUs(), c.verifyCachedUs() / c.verifyFromDidUs(), c.signUs());
  }

  static Crypto measure(int receiptBytes) {
    Signer user = Signer.generate();
    Signer executor = Signer.generate();
    List<Signed<Invocation>> envs = new ArrayList<>();
    for (int i = 0; i < OPS; i++) {
      envs.add(Signed.sign(user, Invocation.builder().iss(user.did().toString()).sub(user.did().toString())
          .cmd("/wasm/run").args(Ipld.Map.builder().put("i", Ipld.integer(i)).build()).iat(1_700_000_000L + i).build()));
    }
    byte[] payload = new byte[receiptBytes];
    double[][] us = new double[3][ROUNDS + 1];
    for (int w = 0; w < 3; w++) { // warm-up: every path compiled before the rounds
      for (Signed<Invocation> e : envs) {
        e.envelope().verify(DidKey.parse(e.payload().iss()));
        e.verify();
        executor.sign(payload);
      }
    }
    for (int r = 0; r <= ROUNDS; r++) {
      long t0 = System.nanoTime();
      for (Signed<Invocation> e : envs) {
        e.envelope().verify(DidKey.parse(e.payload().iss()));
      }
      long t1 = System.nanoTime();
      for (Signed<Invocation> e : envs) {
        e.verify();
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < OPS; i++) {
        executor.sign(payload);
      }
      long t3 = System.nanoTime();
      us[0][r] = (t1 - t0) / 1e3 / OPS;
      us[1][r] = (t2 - t1) / 1e3 / OPS;
      us[2][r] = (t3 - t2) / 1e3 / OPS;
    }
    return new Crypto(median(us[0]), median(us[1]), median(us[2]));
  }

  private static double median(double[] all) {
    double[] s = Arrays.copyOfRange(all, 1, all.length);
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
