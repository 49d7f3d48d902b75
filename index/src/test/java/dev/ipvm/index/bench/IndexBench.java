package dev.ipvm.index.bench;

import dev.ipvm.cid.Cid;
import dev.ipvm.index.Receipts;
import dev.ipvm.index.http.ApiServer;
import dev.ipvm.index.ingest.Ingestor;
import dev.ipvm.index.ingest.ReceiptCheck;
import dev.ipvm.index.ingest.Trust;
import dev.ipvm.index.signature.Libsodium;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.SignatureVerifier;
import dev.ipvm.ucan.Signed;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The index's indexing rate against a plain read_committed consumer reading the same records in
 * the same run, and its lookup latency over HTTP. Not a test: {@code benchmarks/run-index.sh}.
 * Arguments: receipts (default 20000), lookups per route (default 2000), report file.
 */
public final class IndexBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Path report = args.length > 2 ? Path.of(args[2]) : null;
    Receipts receipts = new Receipts();
    Topics topics = Topics.DEFAULT.prefixed("bench-" + UUID.randomUUID() + ".");
    TestBroker.createTopics(new NewTopic(topics.receipts(), 3, (short) 1), new NewTopic(topics.invocations(), 3, (short) 1));

    System.err.println("signing and writing " + n + " invocations and receipts...");
    List<Signed<Invocation>> invs = new ArrayList<>();
    List<Signed<Receipt>> rs = new ArrayList<>();
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", TestBroker.bootstrap(),
        "transactional.id", "bench-" + UUID.randomUUID(), "linger.ms", "5",
        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
        "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName()))) {
      p.initTransactions();
      for (int i = 0; i < n; i += 500) {
        p.beginTransaction();
        for (int j = i; j < Math.min(n, i + 500); j++) {
          Signed<Invocation> inv = receipts.invocation(j);
          Signed<Receipt> r = receipts.receipt(inv, j);
          invs.add(inv);
          rs.add(r);
          p.send(new ProducerRecord<>(topics.invocations(), inv.payload().taskId().toString(), inv.bytes()));
          p.send(new ProducerRecord<>(topics.receipts(), inv.cid().toString(), r.bytes()));
        }
        p.commitTransaction();
      }
    }

    SignatureVerifier sodium = Libsodium.load();  // as `ipvm index` by default (--verifier auto) on this platform
    SignatureVerifier bc = SignatureVerifier.BOUNCY_CASTLE;
    Timing plain = plainConsumer(topics, 2L * n);
    Trust trust = new Trust(Set.of(receipts.executor.did().toString()));
    Timing indexedSync = index(topics, new ReceiptCheck(trust, sodium), n, true, null);
    Timing indexedBc = index(topics, new ReceiptCheck(trust, bc), n, false, null);
    // what the index costs besides the checks: a verifier that accepts everything (here only, never in the index)
    Timing indexedUnchecked = index(topics, new ReceiptCheck(trust, (pk, m, from, length, sig) -> true), n, false, null);
    List<String> latency = new ArrayList<>();
    Timing indexedNoSync = index(topics, new ReceiptCheck(trust, sodium), n, false, store -> {
      try {
        latency.addAll(lookups(store, rs, invs, lookups));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return null;
    });
    // warm, as the index was by then; each verifier twice, interleaved
    Timing verifyBc = verifyOnly(rs, invs, bc);
    Timing verifySodium = verifyOnly(rs, invs, sodium);
    verifyBc = Timing.min(verifyBc, verifyOnly(rs, invs, bc));
    verifySodium = Timing.min(verifySodium, verifyOnly(rs, invs, sodium));
    double usBc = oneThreadMicros(rs, bc);
    double usSodium = oneThreadMicros(rs, sodium);
    Timing plain2 = plainConsumer(topics, 2L * n);
    // the index by default measured twice too, the best taken, as the plain consumer is
    indexedNoSync = Timing.min(indexedNoSync, index(topics, new ReceiptCheck(trust, sodium), n, false, null));

    StringBuilder md = new StringBuilder();
    md.append("| what (").append(n).append(" receipts and their ").append(n)
        .append(" invocations, 3 partitions each) | s | receipts/s | vs plain consumer | CPU s (this JVM) | CPU vs plain "
        + "| writer thread CPU s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    Timing best = Timing.min(plain, plain2);
    row(md, "plain read_committed consumer, both topics (best of 2)", best, n, best);
    row(md, "index, libsodium (receipt signatures checked; receipt, invocation, lookups and offsets in one batch; best of 2)",
        indexedNoSync, n, best);
    row(md, "index, BouncyCastle (--verifier bouncycastle)", indexedBc, n, best);
    row(md, "index, libsodium, with --fsync", indexedSync, n, best);
    row(md, "index, no signature checked (a verifier that accepts all: the rest of the index's work)", indexedUnchecked, n,
        best);
    row(md, "only decoding and verifying the same receipts and invocations (in memory, parallel), libsodium",
        verifySodium, n, best);
    row(md, "the same, BouncyCastle", verifyBc, n, best);
    int cores = Runtime.getRuntime().availableProcessors();
    md.append(String.format("%nOne Ed25519 verification of a receipt, one thread (decoded beforehand): libsodium %.1f µs, "
        + "BouncyCastle %.1f µs (%.2fx).%n", usSodium, usBc, usBc / usSodium));
    md.append(String.format("Ceiling of one check per receipt and nothing else, %d cores x 1/µs: libsodium %.0f receipts/s "
        + "(%.2f of the plain consumer), BouncyCastle %.0f (%.2f).%n", cores, cores * 1e6 / usSodium,
        cores * 1e6 / usSodium / (n / best.wall), cores * 1e6 / usBc, cores * 1e6 / usBc / (n / best.wall)));
    md.append("\n| lookup over HTTP (JSON, one client, sequential) | p50 ms | p99 ms |\n|---|---:|---:|\n");
    latency.forEach(md::append);
    System.out.print(md);
    if (report != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, md.toString());
    }
    System.exit(0);
  }

  /**
   * Wall-clock and CPU seconds of one step; the CPU time is this JVM's (all threads; the broker is a
   * child JVM). {@code writerCpu}: the index's writer thread alone (the serial part), NaN for the rest.
   */
  private record Timing(double wall, double cpu, double writerCpu) {
    Timing(double wall, double cpu) {
      this(wall, cpu, Double.NaN);
    }

    static Timing min(Timing a, Timing b) {
      return a.wall <= b.wall ? a : b;
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static Timing since(long startNanos, long startCpu) {
    return new Timing((System.nanoTime() - startNanos) / 1e9, (OS.getProcessCpuTime() - startCpu) / 1e9);
  }

  /** Seconds to decode and verify every receipt and invocation once, as the index did before vouching, without Kafka or RocksDB. */
  private static Timing verifyOnly(List<Signed<Receipt>> rs, List<Signed<Invocation>> invs, SignatureVerifier v) {
    List<byte[]> all = new ArrayList<>();
    rs.forEach(r -> all.add(r.bytes()));
    List<byte[]> inv = new ArrayList<>();
    invs.forEach(i -> inv.add(i.bytes()));
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    long ok = all.parallelStream().filter(b -> Receipt.decode(b).signatureProblem(v).isEmpty()).count()
        + inv.parallelStream().filter(b -> Invocation.decode(b).signatureProblem(v).isEmpty()).count();
    if (ok != 2L * rs.size()) {
      throw new IllegalStateException(ok + " verified");
    }
    return since(start, cpu);
  }

  /**
   * Microseconds of one receipt's signature check on one thread (the receipts decoded): the mean over
   * 5000 receipts, the best of 3 passes (the machine is shared; a pass descheduled midway is not the code).
   */
  private static double oneThreadMicros(List<Signed<Receipt>> rs, SignatureVerifier v) {
    List<Signed<Receipt>> some = rs.subList(0, Math.min(5000, rs.size()));
    some.forEach(r -> r.verify(v));  // warm-up
    double best = Double.MAX_VALUE;
    for (int pass = 0; pass < 3; pass++) {
      long start = System.nanoTime();
      some.forEach(r -> r.verify(v));
      best = Math.min(best, (System.nanoTime() - start) / 1e3 / some.size());
    }
    return best;
  }

  private static void row(StringBuilder md, String what, Timing t, int n, Timing plain) {
    md.append(String.format("| %s | %.2f | %.0f | %.2f | %.2f | %.2f | %s |%n", what, t.wall, n / t.wall, plain.wall / t.wall,
        t.cpu, plain.cpu / t.cpu, Double.isNaN(t.writerCpu) ? "—" : String.format("%.2f", t.writerCpu)));
  }

  /** Seconds for a read_committed consumer to read {@code records} records of both topics. */
  private static Timing plainConsumer(Topics topics, long records) {
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", TestBroker.bootstrap(),
        "isolation.level", "read_committed", "enable.auto.commit", "false", "max.poll.records", "1000",
        "key.deserializer", ByteArrayDeserializer.class.getName(), "value.deserializer", ByteArrayDeserializer.class.getName()))) {
      List<TopicPartition> tps = new ArrayList<>();
      for (String t : List.of(topics.receipts(), topics.invocations())) {
        c.partitionsFor(t).forEach(p -> tps.add(new TopicPartition(t, p.partition())));
      }
      c.assign(tps);
      c.seekToBeginning(tps);
      long seen = 0;
      while (seen < records) {
        ConsumerRecords<byte[], byte[]> got = c.poll(Duration.ofMillis(200));
        seen += got.count();
      }
    }
    return since(start, cpu);
  }

  /** Seconds for a fresh index to index {@code n} receipts and their invokers; then {@code after} on its store. */
  private static Timing index(Topics topics, ReceiptCheck check, int n, boolean sync, Function<IndexStore, Void> after)
      throws Exception {
    Path dir = Files.createTempDirectory("ipvm-index-bench-");
    try (IndexStore store = IndexStore.open(dir, sync)) {
      Ingestor ingestor = new Ingestor(TestBroker.bootstrap(), topics, true, store, check);
      long cpu = OS.getProcessCpuTime();
      long start = System.nanoTime();
      Thread t = new Thread(ingestor);
      t.start();
      while (store.counter(Counter.INDEXED) < n || store.counter(Counter.INVOCATIONS) < n) {
        Thread.sleep(5);
      }
      Timing all = since(start, cpu);
      // the writer thread's own CPU (the batches it writes), read while it still runs
      Timing seconds = new Timing(all.wall(), all.cpu(), threadCpu("ipvm-index-writer"));
      ingestor.stop();
      t.join();
      if (after != null) {
        after.apply(store);
      }
      return seconds;
    }
  }

  /** CPU seconds of the live thread named {@code name}, NaN when there is none. */
  private static double threadCpu(String name) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId()) / 1e9;
      }
    }
    return Double.NaN;
  }

  private static List<String> lookups(IndexStore store, List<Signed<Receipt>> rs, List<Signed<Invocation>> invs, int count)
      throws Exception {
    List<String> rows = new ArrayList<>();
    try (ApiServer server = new ApiServer(store, new dev.ipvm.index.ingest.IngestStatus(),
        new InetSocketAddress("127.0.0.1", 0)).start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + server.port();
      Random random = new Random(1);
      Map<String, Function<Integer, String>> routes = new java.util.LinkedHashMap<>();
      routes.put("/receipts/{cid}", i -> "/receipts/" + rs.get(i).cid());
      routes.put("/invocations/{cid}", i -> "/invocations/" + invs.get(i).cid());
      routes.put("/tasks/{taskId}", i -> "/tasks/" + invs.get(i).payload().taskId());
      routes.put("/outputs/{cid}", i -> "/outputs/" + first(OutputCids.of(rs.get(i).payload().out())));
      for (Map.Entry<String, Function<Integer, String>> route : routes.entrySet()) {
        for (int w = 0; w < 500; w++) {  // warm-up
          get(http, base + route.getValue().apply(random.nextInt(rs.size())));
        }
        long[] nanos = new long[count];
        for (int k = 0; k < count; k++) {
          String url = base + route.getValue().apply(random.nextInt(rs.size()));
          long s = System.nanoTime();
          get(http, url);
          nanos[k] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        rows.add(String.format("| %s | %.2f | %.2f |%n", route.getKey(), nanos[count / 2] / 1e6, nanos[count * 99 / 100] / 1e6));
      }
    }
    return rows;
  }

  private static Cid first(Set<Cid> cids) {
    return cids.iterator().next();
  }

  private static void get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " → " + r.statusCode());
    }
  }
}
