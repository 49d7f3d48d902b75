package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.WasmRun;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as an operator uses it: it carries the job and what a Flink distribution lacks, and
 * none of Flink's own classes, picocli or the broker; uploaded to a running cluster and started
 * through Flink's REST API ({@code /jars/upload}, {@code /jars/:id/run}) with {@code --set}
 * arguments, it creates its topics and answers an invocation with a receipt.
 */
class JobJarIT {
  static final Path JAR = Path.of(System.getProperty("user.dir")).getParent().resolve("jobs/target/ipvm-job.jar");
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theJarCarriesTheJobAndNoneOfWhatTheClusterProvides() throws Exception {
    assertThat(JAR).as("built by mvn package in jobs/").exists();
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().forEach(e -> entries.add(e.getName()));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(IpvmJob.class.getName());
    }
    assertThat(entries).contains("dev/ipvm/job/IpvmJob.class", "dev/ipvm/wasm/WasmRuntime.class",
        "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
    assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/")
        || e.startsWith("org/apache/flink/runtime/") || e.startsWith("picocli/")
        || e.startsWith("dev/ipvm/deploy/") || e.startsWith("dev/ipvm/local/") || e.startsWith("org/apache/logging/log4j/core/"));
  }

  @Test
  void submittedThroughTheRestApiItRunsTheJob(@TempDir Path dir) throws Exception {
    String bootstrap = TestBroker.bootstrap();
    Topics topics = Topics.DEFAULT.prefixed("jar" + UUID.randomUUID().toString().substring(0, 6) + ".");
    Signer executor = Signer.generate();
    Path key = dir.resolve("executor.pem");
    executor.save(key);
    Configuration c = new Configuration();
    c.set(RestOptions.PORT, 0);
    c.setString("taskmanager.memory.managed.size", "64m");
    // This JVM has the job and its connector on its own classpath (a distribution would not), so
    // the jar's classes must not be loaded a second time beside them: parent first. What runs
    // here is the jar's main with its arguments, as submitted; what the jar holds is checked above.
    c.setString("classloader.resolve-order", "parent-first");
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(c)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build())) {
      cluster.start();
      String rest = cluster.getRestAddress().get().toString();

      String uploaded = upload(rest + "/jars/upload", JAR);
      assertThat(field(uploaded, "status")).as(uploaded).isEqualTo("success");
      String jarId = Path.of(field(uploaded, "filename")).getFileName().toString();
      List<String> args = List.of("--set", "bootstrap=" + bootstrap, "--set", "topics.prefix=" + prefix(topics),
          "--set", "executor.key=" + key, "--set", "checkpoint.dir=" + dir.resolve("cp"),
          "--set", "state.backend=hashmap", "--set", "checkpoint.interval=300ms", "--set", "parallelism=1");
      String run = post(rest + "/jars/" + jarId + "/run", "{\"programArgsList\": ["
          + String.join(", ", args.stream().map(a -> "\"" + a + "\"").toList()) + "]}");
      String jobId = field(run, "jobid");
      assertThat(jobId).as(run).isNotEmpty();

      Signer user = Signer.generate();
      Signed<Invocation> inv = Signed.sign(user, Invocation.builder().iss(user.did().toString())
          .sub(user.did().toString()).cmd(WasmRun.COMMAND)
          .args(new WasmRun(new WasmRun.ModuleRef.Inline(JobHarness.sample("math.wasm")), "add",
              List.of(Ipld.integer(40), Ipld.integer(2))).toArgs())
          .emptyNonce().iat(System.nanoTime()).build());
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        awaitTopic(producer, topics.invocations()); // main creates the topics before the job starts
        producer.send(new ProducerRecord<>(topics.invocations(), inv.bytes())).get();
      }
      ConsumerRecord<byte[], byte[]> receipt = receipt(bootstrap, topics.receipts(), inv.cid().toString());
      assertThat(JobHarness.receipt(receipt).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
      http.send(HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId + "?mode=cancel"))
          .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A string field of a flat JSON answer (Flink's REST answers here have no escapes in them). */
  private static String field(String json, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  private static String prefix(Topics t) {
    return t.invocations().substring(0, t.invocations().length() - Topics.DEFAULT.invocations().length());
  }

  private String upload(String url, Path file) throws Exception {
    String boundary = "ipvm" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + file.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(file));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
  }

  private String post(String url, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private String send(HttpRequest r) throws Exception {
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("%s %s: %s", r.method(), r.uri(), res.body()).isEqualTo(200);
    return res.body();
  }

  private static void awaitTopic(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        producer.partitionsFor(topic);
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        assertThat(System.nanoTime()).as("topic %s created by the job's main", topic).isLessThan(end);
      }
    }
  }

  private static ConsumerRecord<byte[], byte[]> receipt(String bootstrap, String topic, String key) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(JobHarness.key(r))) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no receipt for " + key + " on " + topic + " within 90 s");
  }
}
