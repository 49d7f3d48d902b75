package dev.ipvm.bench.e2e;

import dev.ipvm.bench.kafka.Consumers;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.IpvmJob;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end benchmark: the job on a real KRaft broker and a local Flink, driven like a
 * user drives it (signed invocations in, read_committed receipts out), against an anchor
 * measured in the same run on the same broker: the same number of records of the same size
 * produced and consumed (read_committed) with no job in between.
 *
 * <p>Phases: a plain Kafka round trip (anchor); N distinct tasks (each executed); N invocations
 * of one memoized task (memo hits); N HTTP POST effects to a local server; N /kafka/publish
 * effects; and one-at-a-time latency at low load.
 *
 * <p>Usage: {@code JobBench [invocations=5000] [checkpointMs=1000] [parallelism=2] [report.md]}
 */
public final class JobBench {
  private final int n;
  private final Duration checkpoint;
  private final int parallelism;
  private final Signer user = Signer.generate();
  private final AtomicLong iat = new AtomicLong(1_700_000_000L);
  private KafkaProducer<byte[], byte[]> producer;
  private String bootstrap;
  private Topics topics;

  private JobBench(int n, Duration checkpoint, int parallelism) {
    this.n = n;
    this.checkpoint = checkpoint;
    this.parallelism = parallelism;
  }

  /** One phase's figures. */
  record Phase(String name, int count, double seconds, long[] latenciesMs) {
    double perSecond() {
      return count / seconds;
    }

    long percentile(double p) {
      if (latenciesMs.length == 0) {
        return -1;
      }
      long[] s = latenciesMs.clone();
      Arrays.sort(s);
      return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)];
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Duration cp = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1000);
    int par = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path report = args.length > 3 ? Path.of(args[3]) : null;
    String text = new JobBench(n, cp, par).run();
    System.out.println(text);
    if (report != null) {
      Files.writeString(report, text);
      System.err.println("report written to " + report);
    }
    System.exit(0);
  }

  private String run() throws Exception {
    Path dir = Files.createTempDirectory("ipvm-bench-");
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir.resolve("kafka")).maxHeap("1g").build().start()) {
      bootstrap = broker.bootstrap();
      topics = Topics.DEFAULT.prefixed("bench.");
      TopicSetup.ensure(bootstrap, topics, parallelism, (short) 1);
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("linger.ms", "5");
      p.put("max.request.size", Integer.toString(16 << 20));
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

      com.sun.net.httpserver.HttpServer http = httpServer();
      String outTopic = "bench.out";
      createTopic(outTopic);
      Signer executor = Signer.generate();
      JobConfig.Builder builder = JobConfig.builder();
      builder.effects(builder.effects().withHttp("127.0.0.1:" + http.getAddress().getPort(), true)
          .withKafkaAllow(outTopic));
      JobConfig config = builder
          .bootstrap(bootstrap).topics(topics).groupId("bench")
          .executorKeyPem(executor.toPem())
          .checkpointDir(dir.resolve("checkpoints").toString())
          .blocksDir(dir.resolve("blocks").toString())
          .checkpointInterval(checkpoint)
          .bufferTimeout(Duration.ofMillis(Long.getLong("bench.bufferMs", 5)))
          .parallelism(parallelism)
          .build();
      Configuration flink = new Configuration();
      flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(4, parallelism)));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
      IpvmJob.build(env, config);
      JobClient job = env.executeAsync(IpvmJob.NAME);

      byte[] wasm;
      try (InputStream in = JobBench.class.getResourceAsStream("/samples/math.wasm")) {
        wasm = in.readAllBytes();
      }
      Cid math = Cid.of(Multicodec.RAW, wasm);
      producer.send(new ProducerRecord<>(topics.blocks(), math.toString().getBytes(StandardCharsets.UTF_8), wasm)).get();

      log("warming up (" + Math.min(n, 1000) + " tasks)");
      List<Signed<Invocation>> warm = new ArrayList<>();
      for (int i = 0; i < Math.min(n, 1000); i++) {
        warm.add(invocation(math, -1 - i));
      }
      measure("warm-up", warm);

      log("anchor: " + n + " records through Kafka alone");
      Phase anchor = anchor(n, warm.get(0).bytes().length);

      log("distinct tasks: " + n);
      List<Signed<Invocation>> distinct = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        distinct.add(invocation(math, i));
      }
      Phase executed = measure("distinct tasks (each executed)", distinct);

      log("memo hits: " + n);
      List<Signed<Invocation>> same = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        same.add(invocation(math, 0)); // add(0, 1): memoized in the phase before
      }
      Phase memo = measure("one memoized task (memo hits)", same);

      log("HTTP effects: " + n);
      String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
      List<Signed<Invocation>> posts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        posts.add(effect("/http/post", Ipld.Map.builder().put("url", url).put("body", "event " + i).build()));
      }
      Phase httpFx = measure("HTTP POST effects (each sent)", posts);

      log("publish effects: " + n);
      List<Signed<Invocation>> pubs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        pubs.add(effect("/kafka/publish", Ipld.Map.builder().put("topic", outTopic).put("value", "event " + i).build()));
      }
      Phase publishFx = measure("/kafka/publish effects", pubs);

      log("low load: 40 invocations one at a time");
      List<Long> single = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Phase one = measure("single", List.of(invocation(math, 1_000_000 + i)));
        single.add(one.latenciesMs()[0]);
      }
      Phase low = new Phase("one at a time (low load)", single.size(),
          single.stream().mapToLong(Long::longValue).sum() / 1000.0, single.stream().mapToLong(Long::longValue).toArray());

      log("await chains: 5 chains of 40 links, one link at a time");
      List<Long> perLink = new ArrayList<>();
      List<List<Signed<Invocation>>> allChains = new ArrayList<>();
      for (int c = 0; c < 5; c++) {
        List<Signed<Invocation>> chain = new ArrayList<>();
        chain.add(invocation(math, 2_000_000 + c));
        for (int i = 1; i < 40; i++) {
          chain.add(dependent(math, chain.get(i - 1)));
        }
        // only the last receipt matters: it comes one checkpoint after the 40th run
        allChains.add(chain);
        Phase whole = measure("chain", chain);
        long end = Arrays.stream(whole.latenciesMs()).max().orElseThrow();
        perLink.add(end);
      }
      Phase chains = new Phase("chain of 40 awaits (whole chain)", perLink.size(),
          perLink.stream().mapToLong(Long::longValue).sum() / 1000.0, perLink.stream().mapToLong(Long::longValue).toArray());

      Phase hops = hops(allChains);

      job.cancel().get();
      producer.close();
      http.stop(0);
      return report(anchor, List.of(executed, memo, httpFx, publishFx), low, chains, hops, warm.get(0).bytes().length);
    }
  }

  /**
   * Await hops, timed by the job's own feedback records (Kafka CreateTime, set by the job's
   * producer): from the result of link i-1 to the result of link i, i.e. the resolved message to
   * the dependent, its run and its result. Not quantized by checkpoints.
   */
  private Phase hops(List<List<Signed<Invocation>>> chains) {
    Map<String, Long> resultAt = new HashMap<>();
    Consumers.readAll(bootstrap, topics.feedback(), r -> {
      var e = dev.ipvm.job.kafka.FeedbackMessage.unwrap(r.value());
      if (e.kind() == dev.ipvm.job.event.TaskEvent.Kind.RESULT) {
        resultAt.putIfAbsent(e.taskId(), r.timestamp());
      }
    });
    List<Long> hops = new ArrayList<>();
    for (List<Signed<Invocation>> chain : chains) {
      for (int i = 1; i < chain.size(); i++) {
        Long before = resultAt.get(chain.get(i - 1).payload().taskId().toString());
        Long after = resultAt.get(chain.get(i).payload().taskId().toString());
        if (before != null && after != null) {
          hops.add(after - before);
        }
      }
    }
    return new Phase("one await hop (result to dependent's result)", hops.size(), 1,
        hops.stream().mapToLong(Long::longValue).toArray());
  }

  /** A local HTTP server answering every request at once with a small JSON body. */
  private static com.sun.net.httpserver.HttpServer httpServer() throws java.io.IOException {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    return server;
  }

  private void createTopic(String topic) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, parallelism, (short) 1))).all().get();
    }
  }

  /** An effect: a random nonce, so each is a new one. */
  private Signed<Invocation> effect(String cmd, Ipld.Map args) {
    Invocation inv = Invocation.builder()
        .iss(user.did().toString()).sub(user.did().toString())
        .cmd(cmd).args(args).iat(iat.incrementAndGet()).build();
    return Signed.sign(user, inv);
  }

  /** add(await/ok previous, 1). */
  private Signed<Invocation> dependent(Cid math, Signed<Invocation> previous) {
    Invocation inv = Invocation.builder()
        .iss(user.did().toString()).sub(user.did().toString())
        .cmd(WasmRun.COMMAND)
        .args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
            List.of(new Await(Await.Kind.OK, previous.payload().taskId()).toIpld(), Ipld.integer(1))).toArgs())
        .emptyNonce().iat(iat.incrementAndGet()).build();
    return Signed.sign(user, inv);
  }

  private Signed<Invocation> invocation(Cid math, int i) {
    Invocation inv = Invocation.builder()
        .iss(user.did().toString()).sub(user.did().toString())
        .cmd(WasmRun.COMMAND)
        .args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add", List.of(Ipld.integer(i), Ipld.integer(1))).toArgs())
        .emptyNonce().iat(iat.incrementAndGet()).build();
    return Signed.sign(user, inv);
  }

  /** Publishes all, then reads receipts (read_committed) until each invocation has one. */
  private Phase measure(String name, List<Signed<Invocation>> invs) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = Consumers.atEnd(bootstrap, topics.receipts())) {
      Map<String, Long> sentAt = new HashMap<>();
      long start = System.nanoTime();
      for (Signed<Invocation> inv : invs) {
        sentAt.put(inv.cid().toString(), System.nanoTime());
        producer.send(new ProducerRecord<>(topics.invocations(), inv.bytes()));
      }
      producer.flush();
      List<Long> latencies = new ArrayList<>();
      long last = start;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (latencies.size() < invs.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": only " + latencies.size() + " of " + invs.size() + " receipts in 5 min");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          Long sent = sentAt.remove(new String(r.key(), StandardCharsets.UTF_8));
          if (sent != null) {
            last = System.nanoTime();
            latencies.add((last - sent) / 1_000_000);
          }
        }
      }
      long wall = System.currentTimeMillis();
      log("window " + name + " " + (wall - (System.nanoTime() - start) / 1_000_000) + " " + wall);
      return new Phase(name, invs.size(), (last - start) / 1e9, latencies.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** The same number of records of the same size, produced and consumed read_committed, no job. */
  private Phase anchor(int count, int size) throws Exception {
    String topic = "bench.anchor";
    TopicSetup.ensure(bootstrap, new Topics(topic, topic + ".r", topic + ".b", topic + ".f", topic + ".d",
        topic + ".dl", topic + ".rv"), parallelism,
        (short) 1);
    try (KafkaConsumer<byte[], byte[]> consumer = Consumers.atEnd(bootstrap, topic)) {
      byte[] value = new byte[size];
      Map<String, Long> sentAt = new HashMap<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        String key = Integer.toString(i);
        sentAt.put(key, System.nanoTime());
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
      List<Long> latencies = new ArrayList<>();
      long last = start;
      while (latencies.size() < count) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          Long sent = sentAt.remove(new String(r.key(), StandardCharsets.UTF_8));
          if (sent != null) {
            last = System.nanoTime();
            latencies.add((last - sent) / 1_000_000);
          }
        }
      }
      return new Phase("Kafka alone (anchor)", count, (last - start) / 1e9, latencies.stream().mapToLong(Long::longValue).toArray());
    }
  }


  private String report(Phase anchor, List<Phase> measured, Phase low, Phase chains, Phase hops,
      int invocationBytes) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    out.printf("End-to-end: %d invocations of math.wasm add(i, 1) (%d-byte envelopes), parallelism %d, "
        + "checkpoint interval %d ms, RocksDB state, one KRaft broker; %d cores, Java %s.%n%n",
        n, invocationBytes, parallelism, checkpoint.toMillis(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    out.println("| phase | records | per second | ratio to Kafka alone | latency p50 | p99 | max |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    List<Phase> rows = new ArrayList<>(List.of(anchor));
    rows.addAll(measured);
    rows.add(low);
    for (Phase p : rows) {
      boolean throughput = p != low;
      out.printf("| %s | %d | %s | %s | %d ms | %d ms | %d ms |%n", p.name(), p.count(),
          throughput ? String.format("%.0f", p.perSecond()) : "-",
          p == anchor ? "1" : throughput ? String.format("%.2f", p.perSecond() / anchor.perSecond()) : "-",
          p.percentile(0.5), p.percentile(0.99), p.percentile(1.0));
    }
    long chainP50 = chains.percentile(0.5);
    out.printf("| %s | %d chains | - | - | %d ms | %d ms | %d ms |%n", chains.name(), chains.count(), chainP50,
        chains.percentile(0.99), chains.percentile(1.0));
    out.printf("| %s | %d hops | - | - | %d ms | %d ms | %d ms |%n", hops.name(), hops.count(), hops.percentile(0.5),
        hops.percentile(0.99), hops.percentile(1.0));
    out.println();
    out.println("A whole chain of 40 awaits finishes within about one checkpoint interval: its receipts become "
        + "visible together at the next checkpoint. The hop row times each link by the job's own feedback records "
        + "(Kafka CreateTime): the awaited task's result, its resolved message to the dependent, the dependent's "
        + "run, and the dependent's result, so it is an upper bound on 'input known -> dependent starts'.");
    out.println();
    out.println("Per second = records / (first send to last receipt). Latency = send to receipt read "
        + "(read_committed), so it includes waiting for the checkpoint that commits the receipt.");
    out.println("The low-load row sends one invocation and waits for its receipt before the next.");
    out.println("Effect rows: each invocation has its own nonce (a new effect). HTTP POSTs go to a JDK HTTP server "
        + "on the same machine answering at once (Idempotency-Key = Task ID); publishes write one record each to "
        + "bench.out in the same transaction as their receipt.");
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static void log(String s) {
    System.err.println("bench: " + s);
  }
}
