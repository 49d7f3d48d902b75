package dev.ipvm.job;

import java.util.List;

/**
 * The marks of one hostile scenario ({@link System#nanoTime}): the quiet window starts, the
 * attack (or fault) starts, the attack ends; with the CPU at each, so every figure of the two
 * windows comes from the same marks.
 */
final class Phases {
  private final long quiet;
  private final CpuMeter.Sample cpuQuiet;
  private long attack;
  private CpuMeter.Sample cpuAttack;
  private long end;
  private CpuMeter.Sample cpuEnd;

  private Phases() {
    quiet = System.nanoTime();
    cpuQuiet = CpuMeter.sample();
  }

  /** The quiet window starts now. */
  static Phases quietFromNow() {
    return new Phases();
  }

  /** The attack starts now: the quiet window ends. */
  void attackNow() {
    attack = System.nanoTime();
    cpuAttack = CpuMeter.sample();
  }

  /** The attack window ends now. */
  void endNow() {
    end = System.nanoTime();
    cpuEnd = CpuMeter.sample();
  }

  long quiet() {
    return quiet;
  }

  long attack() {
    return attack;
  }

  long end() {
    return end;
  }

  List<HealthyIssuer.Sent> sentQuiet(HealthyIssuer healthy) {
    return healthy.between(quiet, attack);
  }

  List<HealthyIssuer.Sent> sentDuring(HealthyIssuer healthy) {
    return healthy.between(attack, end);
  }

  Latency quietLatency(HealthyIssuer healthy, ReceiptLedger receipts) {
    return HealthyIssuer.latency(sentQuiet(healthy), receipts);
  }

  Latency duringLatency(HealthyIssuer healthy, ReceiptLedger receipts) {
    return HealthyIssuer.latency(sentDuring(healthy), receipts);
  }

  /** Where the time went, for the notes: the slowest receipts, checkpoints and CPU of both windows. */
  String diagnosis(HealthyIssuer healthy, ReceiptLedger receipts, CheckpointWatch checkpoints) {
    return "slowest during (sent at, from the attack: latency) "
        + HealthyIssuer.slowest(sentDuring(healthy), receipts, attack, 3)
        + "; checkpoints quiet " + CheckpointWatch.summary(checkpoints.between(quiet, attack))
        + ", during " + CheckpointWatch.summary(checkpoints.between(attack, end))
        + "; CPU quiet " + CpuMeter.between(cpuQuiet, cpuAttack) + ", during " + CpuMeter.between(cpuAttack, cpuEnd);
  }
}
