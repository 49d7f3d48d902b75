package dev.ipvm.bench.all;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cluster.Recovery;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-command benchmark ({@code benchmarks/run-all.sh}): starts a broker, runs the job at
 * each checkpoint interval, measures every phase against its anchor in the same run, and
 * rewrites the generated section of BENCHMARKS.md and its plot.
 *
 * <p>Usage: {@code RunAll [invocations=5000] [BENCHMARKS.md] [figures dir] [intervals ms, comma-separated=1000,200,100]};
 * {@code -Dbench.recovery=on|off|only} measures recovery after the other phases, not at all, or alone (printed,
 * BENCHMARKS.md untouched), on a cluster running {@code -Dbench.jobJar} at the first interval.
 */
public final class RunAll {
  /** Low-rate latency: this many invocations of each kind, one every {@link #GAP_MS}. */
  static final int LOW_RATE_COUNT = 30;
  static final long GAP_MS = 100;
  static final int CHAIN_LINKS = 10;
  static final int CHAINS = 5;
  static final int COALESCE = 1000;
  /** fib_rec of this runs on the executor (past exec.inline.fuel) for a few milliseconds. */
  static final int COALESCE_FIB = 27;
  /** The size of an add receipt here, for the single-thread crypto figures (the bare anchor uses a real one's). */
  static final int RECEIPT_BYTES_GUESS = 420;

  /** Rounds of (bare anchor, memo hits, executed): the ratios are read per round, so load that shifts between rounds moves both sides. */
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  /** The figures of one job run at one checkpoint interval; throughput phases one per round. */
  record Run(Duration checkpoint, String variant, List<Phase> bare, List<Phase> memo, List<Phase> executed, Map<String, Phase> effects,
      Phase lowMemo, Phase lowMiss, Phase chains, int coalesced, int coalesceExecutions) {
    double memoRatio() {
      return Ratios.median(memo, bare);
    }

    double executedRatio() {
      return Ratios.median(executed, bare);
    }
  }

  private RunAll() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Path md = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
    Path figures = Path.of(args.length > 2 ? args[2] : "benchmarks/figures");
    String intervals = args.length > 3 ? args[3] : "1000,200,100";
    int parallelism = Integer.getInteger("bench.parallelism", 2);
    RecoveryPhase.Mode recoveryMode = RecoveryPhase.Mode.parse(System.getProperty("bench.recovery", "on"));
    Path jobJar = Path.of(System.getProperty("bench.jobJar", "jobs/target/ipvm-job.jar"));
    Machine machine = Machine.describe();
    Instant began = Instant.now();
    byte[] wasm;
    try (InputStream in = RunAll.class.getResourceAsStream("/samples/math.wasm")) {
      wasm = in.readAllBytes();
    }
    if (recoveryMode == RecoveryPhase.Mode.ONLY) {
      Recovery.Result r = RecoveryPhase.measure(RecoveryPhase.firstInterval(intervals), jobJar, wasm);
      machine = machine.finished();
      System.out.println(Report.recovery(r) + "\nLoad average (1/5/15 min) " + machine.loadBefore() + " before and "
          + machine.loadAfter() + " after; " + machine.cores() + " cores, " + machine.memory() + " RAM.");
      System.exit(0);
    }
    List<Run> runs = new ArrayList<>();
    Phase direct;
    Crypto crypto;
    try (Stack stack = new Stack(parallelism); Driver driver = new Driver(stack.bootstrap);
        Http http = Http.start()) {
      Cid math = Cid.of(Multicodec.RAW, wasm);
      log("direct: " + n + " add calls in the functions module");
      direct = Anchors.direct(wasm, math, n, parallelism);
      log("crypto on one thread");
      crypto = Crypto.measure(RECEIPT_BYTES_GUESS);
      long base = 0;
      for (String ms : intervals.split(",")) {
        // "1000-copy": the same interval with Flink's object reuse off (the job turns it on)
        String[] spec = ms.trim().split("-", 2);
        Duration cp = Duration.ofMillis(Long.parseLong(spec[0]));
        runs.add(run(stack, driver, http, wasm, math, n, cp, spec.length > 1 ? spec[1] : "", base, runs.isEmpty()));
        base += 100L * n;
      }
    }
    // last, with this JVM's broker and job gone: the cluster's processes have the machine to themselves
    Recovery.Result recovery = recoveryMode == RecoveryPhase.Mode.ON
        ? RecoveryPhase.measure(RecoveryPhase.firstInterval(intervals), jobJar, wasm) : null;
    machine = machine.finished();
    Files.createDirectories(figures);
    Path png = figures.resolve("run-all.png");
    Chart.draw(runs, direct, recovery, png);
    String section = Report.markdown(machine, began, n, parallelism, direct, crypto, runs, recovery, md.toAbsolutePath().getParent()
        .relativize(png.toAbsolutePath()).toString());
    Report.replaceSection(md, section);
    System.out.println(section);
    System.exit(0);
  }

  private static Run run(Stack stack, Driver driver, Http http, byte[] wasm, Cid math, int n, Duration cp,
      String variant, long base, boolean full) throws Exception {
    if (!variant.isEmpty() && !variant.equals("copy")) {
      throw new IllegalArgumentException("unknown variant '" + variant + "' (known: copy)");
    }
    String prefix = "b" + cp.toMillis() + variant + ".";
    String out = prefix + "out";
    log("job with checkpoint interval " + cp.toMillis() + " ms");
    try (Stack.Job job = stack.start(prefix, cp, full ? http.hostPort() : null, full ? out : null, variant.isEmpty())) {
      driver.publish(job.topics().blocks(), math.toString().getBytes(StandardCharsets.UTF_8), wasm);
      List<Signed<Invocation>> warm = new ArrayList<>();
      for (int i = 0; i < (full ? 1000 : 500); i++) {
        warm.add(driver.add(math, base - 1 - i));
        warm.add(driver.add(math, base));
      }
      log("warm-up: " + warm.size());
      driver.burst("warm-up", job.topics(), warm);

      List<Phase> bare = new ArrayList<>();
      List<Phase> memo = new ArrayList<>();
      List<Phase> executed = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        List<Signed<Invocation>> same = new ArrayList<>();
        List<Signed<Invocation>> distinct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          same.add(driver.add(math, base)); // memoized in the warm-up
          distinct.add(driver.add(math, base + 1 + round * (long) n + i));
        }
        log("round " + (round + 1) + " of " + ROUNDS + ": bare anchor, memo hits, executed: " + n + " each");
        long pid = stack.broker.pid();
        Cpu.Mark m = Cpu.mark(pid);
        Phase b = Anchors.bare(stack, driver, prefix + "anchor" + round, same, driver.receiptBytes(), stack.parallelism);
        bare.add(b.withCpu(Cpu.since(m, pid, n)));
        m = Cpu.mark(pid);
        Phase h = driver.burst("memo hits", job.topics(), same);
        memo.add(h.withCpu(Cpu.since(m, pid, n)));
        m = Cpu.mark(pid);
        Phase x = driver.burst("executed add", job.topics(), distinct);
        executed.add(x.withCpu(Cpu.since(m, pid, n)));
      }

      Map<String, Phase> effects = new LinkedHashMap<>();
      int coalesced = 0;
      int executions = -1;
      if (full) {
        List<Signed<Invocation>> posts = new ArrayList<>();
        List<Signed<Invocation>> pubs = new ArrayList<>();
        for (int i = 0; i < n / 2; i++) {
          posts.add(driver.effect("/http/post", Ipld.Map.builder().put("url", http.url()).put("body", "event " + i).build()));
          pubs.add(driver.effect("/kafka/publish", Ipld.Map.builder().put("topic", out).put("value", "event " + i).build()));
        }
        log("effects: " + posts.size() + " HTTP POSTs, " + pubs.size() + " publishes");
        effects.put("HTTP POST effects", driver.burst("HTTP POST", job.topics(), posts));
        effects.put("/kafka/publish effects", driver.burst("publish", job.topics(), pubs));

        log("coalescing: " + COALESCE + " identical invocations of a new task");
        List<Signed<Invocation>> identical = new ArrayList<>();
        for (int i = 0; i < COALESCE; i++) {
          identical.add(driver.fibRec(math, COALESCE_FIB)); // on the executor: small runs are inline, never concurrent
        }
        driver.burst("coalescing", job.topics(), identical);
        coalesced = identical.size();
        executions = driver.executions(job.topics(), identical.get(0).payload().taskId());
      }

      log("low rate: " + LOW_RATE_COUNT + " memo hits and " + LOW_RATE_COUNT + " misses, one every " + GAP_MS + " ms");
      List<Signed<Invocation>> hits = new ArrayList<>();
      List<Signed<Invocation>> misses = new ArrayList<>();
      for (int i = 0; i < LOW_RATE_COUNT; i++) {
        hits.add(driver.add(math, base));
        misses.add(driver.add(math, base + 95L * n + i));
      }
      Phase lowMemo = driver.paced("memo hit, low rate", job.topics(), hits, GAP_MS);
      Phase lowMiss = driver.paced("miss, low rate", job.topics(), misses, GAP_MS);
      log("await chains: " + CHAINS + " of " + CHAIN_LINKS);
      long[] whole = new long[CHAINS];
      for (int c = 0; c < CHAINS; c++) {
        List<Signed<Invocation>> chain = new ArrayList<>();
        chain.add(driver.add(math, base + 97L * n + c));
        for (int i = 1; i < CHAIN_LINKS; i++) {
          chain.add(driver.addAfter(math, chain.get(i - 1)));
        }
        Phase p = driver.burst("chain", job.topics(), chain);
        whole[c] = java.util.Arrays.stream(p.latenciesMs()).max().orElseThrow();
      }
      Phase chains = new Phase("await chain of " + CHAIN_LINKS, CHAINS, 1, whole);
      return new Run(cp, variant, bare, memo, executed, effects, lowMemo, lowMiss, chains, coalesced, executions);
    }
  }

  static void log(String s) {
    System.err.println("run-all " + Instant.now() + ": " + s);
  }
}
