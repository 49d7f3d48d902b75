package dev.ipvm.bench.state;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobOptions;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Memo hits against memo state of growing size: for each size, a savepoint with that many memo
 * entries ({@link MemoSavepoint}: the working set's plus filler), the job started from it, and
 * the working set's invocations (each a distinct Task ID, so each hit reads another key) sent
 * at once; throughput is receipts per second from the first send to the last receipt, as a ratio
 * to the smallest size's. Also the savepoint's write time and size, the job's start from it, and
 * its checkpoints' size and duration once the hits are answered.
 *
 * <p>Usage: {@code StateScaleBench [working-set=10000] [sizes=10000,1000000,10000000] [parallelism=2] [report.md]}
 */
public final class StateScaleBench {
  private StateScaleBench() {}

  record Row(long entries, double writeSeconds, long savepointBytes, double startSeconds, double hitsPerSecond,
      long checkpointBytes, long checkpointMs) {}

  public static void main(String[] args) throws Exception {
    // the State Processor API's writer thread dies silently otherwise, leaving its feeder blocked
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      System.err.println("[state-bench] thread " + t.getName() + " failed:");
      e.printStackTrace();
    });
    int working = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long[] sizes = Stream.of((args.length > 1 ? args[1] : "10000,1000000,10000000").split(","))
        .mapToLong(Long::parseLong).toArray();
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path report = args.length > 3 ? Path.of(args[3]) : null;
    Path dir = Files.createTempDirectory("ipvm-state-bench-");
    StringBuilder out = new StringBuilder();
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir.resolve("kafka")).maxHeap("1g").build().start()) {
      Signer user = Signer.generate();
      Signer executor = Signer.generate();
      List<Signed<Invocation>> hits = MemoJob.invocations(user, working);
      Map<Cid, byte[]> entries = new LinkedHashMap<>();
      for (int i = 0; i < hits.size(); i++) {
        Cid task = hits.get(i).payload().taskId();
        entries.put(task, MemoSavepoint.entry(task, Ipld.integer(2L * i),
            Cid.of(Multicodec.DAG_CBOR, ("answer " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      }
      Duration ttl = JobOptions.MEMO_TTL.defaultValue(); // the job's, as MemoJob leaves memo.ttl at its default
      List<Row> rows = new java.util.ArrayList<>();
      for (long size : sizes) {
        long filler = Math.max(0, size - working);
        Path run = dir.resolve("size-" + size);
        String savepoint = run.resolve("savepoint").toUri().toString();
        log("size " + size + ": writing the savepoint (" + working + " + " + filler + " entries)");
        long t0 = System.nanoTime();
        MemoSavepoint.write(savepoint, entries, filler, ttl, parallelism);
        double write = (System.nanoTime() - t0) / 1e9;
        long bytes = size(run.resolve("savepoint"));
        log("size " + size + ": starting the job from it");
        Topics topics = Topics.DEFAULT.prefixed("state" + size + ".");
        long t1 = System.nanoTime();
        try (MemoJob job = MemoJob.start(broker.bootstrap(), topics, executor, savepoint, run, parallelism,
            Duration.ofSeconds(1))) {
          // one invocation first: the job is up (state restored) when its receipt comes
          job.answer(hits.subList(0, 1), Duration.ofMinutes(20));
          double start = (System.nanoTime() - t1) / 1e9;
          log("size " + size + ": " + working + " memo hits");
          MemoJob.Answered answered = job.answer(hits, Duration.ofMinutes(10));
          long notHits = answered.receipts().values().stream()
              .filter(r -> r.payload().meta().get("memo") == null).count();
          if (notHits > 0) {
            throw new IllegalStateException(notHits + " receipts were not memo hits");
          }
          Thread.sleep(3000); // a checkpoint after the hits
          long[] cp = job.lastCheckpoint();
          rows.add(new Row(size, write, bytes, start, working / (answered.took().toNanos() / 1e9), cp[0], cp[1]));
        }
        deleteQuietly(run.resolve("savepoint"));
      }
      out.append(table(working, parallelism, rows));
    } finally {
      deleteQuietly(dir);
    }
    System.out.println(out);
    if (report != null) {
      Files.writeString(report, out.toString());
      System.err.println("report written to " + report);
    }
    System.exit(0);
  }

  static String table(int working, int parallelism, List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Memo hits by state size: %d distinct memoized tasks invoked at once, parallelism %d,"
        + " RocksDB (incremental checkpoints every 1 s); %d cores, load average %s.%n%n", working, parallelism,
        Runtime.getRuntime().availableProcessors(), loadAverage()));
    s.append("| memo entries | savepoint written | savepoint size | job up from it | memo hits/s | vs smallest |"
        + " checkpoint size | checkpoint duration |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    double base = rows.isEmpty() ? 1 : rows.get(0).hitsPerSecond();
    for (Row r : rows) {
      s.append(String.format(Locale.ROOT, "| %,d | %.1f s | %.1f MB | %.1f s | %,.0f | %.2f | %.1f MB | %d ms |%n",
          r.entries(), r.writeSeconds(), r.savepointBytes() / 1e6, r.startSeconds(), r.hitsPerSecond(),
          r.hitsPerSecond() / base, r.checkpointBytes() / 1e6, r.checkpointMs()));
    }
    return s.toString();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: left for the OS
    }
  }

  private static void log(String s) {
    System.err.println("[state-bench] " + s);
  }
}
