package dev.ipvm.job;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A well-behaved issuer of its own key: {@code add(i, 7)} of math.wasm at a steady rate, each a
 * new task (i counts up), published as {@code ipvm run} does (keyed by Task ID). It notes when
 * each went out, so a {@link ReceiptLedger} gives each receipt's latency: from the send to a
 * read_committed reader seeing it.
 */
final class HealthyIssuer implements AutoCloseable {
  /** One invocation sent: its CID (the receipt's key), its first addend, when it went out. */
  record Sent(String cid, long a, long nanos) {}

  static final int B = 7;

  private final Signer who = Signer.generate();
  private final JobHarness h;
  private final Cid math;
  private final ScheduledExecutorService timer;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final AtomicLong next = new AtomicLong();
  private volatile Throwable failure;

  HealthyIssuer(JobHarness h, Cid math, double perSecond, String name) {
    this.h = h;
    this.math = math;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "issuer-" + name);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::send, 0, (long) (1e9 / perSecond), TimeUnit.NANOSECONDS);
  }

  private void send() {
    try {
      long a = next.getAndIncrement();
      Signed<Invocation> inv = Signed.sign(who, Invocation.builder()
          .iss(who.did().toString()).sub(who.did().toString()).cmd(WasmRun.COMMAND)
          .args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add", List.of(Ipld.integer(a), Ipld.integer(B)))
              .toArgs())
          .emptyNonce().iat(System.nanoTime()).build());
      byte[] key = inv.payload().taskId().toString().getBytes(StandardCharsets.UTF_8);
      long now = System.nanoTime();
      h.producer.send(new ProducerRecord<>(h.topics.invocations(), key, inv.bytes()), (md, e) -> {
        if (e != null) {
          failure = e;
        }
      });
      sent.add(new Sent(inv.cid().toString(), a, now));
    } catch (Throwable t) {
      failure = t; // a scheduled task that throws is never run again: keep the cause
    }
  }

  /** Everything sent so far. */
  List<Sent> sent() {
    check();
    return List.copyOf(sent);
  }

  /** What was sent in [from, to) ({@link System#nanoTime}). */
  List<Sent> between(long from, long to) {
    return sent().stream().filter(s -> s.nanos() >= from && s.nanos() < to).toList();
  }

  static List<String> keys(List<Sent> sent) {
    return sent.stream().map(Sent::cid).toList();
  }

  /** Latency of the first receipt of each of these that came. */
  static Latency latency(List<Sent> sent, ReceiptLedger receipts) {
    List<Long> ms = new ArrayList<>();
    for (Sent s : sent) {
      OptionalLong at = receipts.firstNanos(s.cid());
      if (at.isPresent()) {
        ms.add(Math.max(0, (at.getAsLong() - s.nanos()) / 1_000_000));
      }
    }
    return Latency.of(ms);
  }

  /** The {@code n} slowest receipts, as "+4.1 s: 5567 ms" (when it was sent after {@code from}: latency). */
  static String slowest(List<Sent> sent, ReceiptLedger receipts, long from, int n) {
    record Slow(Sent s, long ms) {}
    List<Slow> slow = new ArrayList<>();
    for (Sent s : sent) {
      receipts.firstNanos(s.cid()).ifPresent(at -> slow.add(new Slow(s, (at - s.nanos()) / 1_000_000)));
    }
    slow.sort((x, y) -> Long.compare(y.ms(), x.ms()));
    return String.join(", ", slow.stream().limit(n).map(x -> String.format("+%.1f s: %d ms",
        (x.s().nanos() - from) / 1e9, x.ms())).toList());
  }

  /** Receipts that do not verify or do not say {@code ok: a + 7}, described. */
  static List<String> wrong(List<Sent> sent, ReceiptLedger receipts) {
    List<String> wrong = new ArrayList<>();
    for (Sent s : sent) {
      for (ReceiptLedger.Arrival r : receipts.arrivals(s.cid())) {
        Outcome out;
        try {
          out = JobHarness.receipt(r.record()).payload().out();
        } catch (RuntimeException e) {
          wrong.add(s.cid() + ": " + e.getMessage());
          continue;
        }
        if (!out.equals(new Outcome.Ok(Ipld.integer(s.a() + B)))) {
          wrong.add("add(" + s.a() + ", " + B + ") = " + out);
        }
      }
    }
    return wrong;
  }

  /** Stops sending; what is in flight is flushed. */
  void stop() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    h.producer.flush();
    check();
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("sending failed", failure);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
