package dev.ipvm.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.Family;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm index} as a child JVM, killed with SIGKILL twice while receipts stream in, then
 * restarted: every receipt written is indexed exactly once.
 */
class CrashIT {
  private static final int RECEIPTS = 3000;
  private static final int PER_TRANSACTION = 50;
  private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");

  private final Receipts receipts = new Receipts();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String prefix = "crashit-" + UUID.randomUUID() + ".";
  private final Topics topics = Topics.DEFAULT.prefixed(prefix);
  @TempDir
  Path dir;

  @Test
  void killedMidStreamAndRestartedIndexesEveryReceiptExactlyOnce() throws Exception {
    TestBroker.createTopics(new NewTopic(topics.receipts(), 3, (short) 1), new NewTopic(topics.invocations(), 1, (short) 1));
    List<Signed<Receipt>> written = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(written));

    Path data = dir.resolve("index");
    for (long killAt : new long[] {RECEIPTS / 6, RECEIPTS / 2}) {
      Child child = start(data);
      IndexIT.waitFor(() -> child.indexed() >= killAt, () -> child.indexed() + " indexed");
      child.process.destroyForcibly();  // SIGKILL
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      if (killAt == RECEIPTS / 6) {
        assertThat(producing).as("killed while receipts were still being written").isNotDone();
      }
    }
    Child last = start(data);
    producing.get(120, TimeUnit.SECONDS);
    IndexIT.waitFor(() -> last.indexed() >= RECEIPTS && last.health("invocations") >= RECEIPTS,
        () -> last.indexed() + " indexed, invokers of " + last.health("invocations"));
    last.process.destroy();  // SIGTERM: closes the store, so the test can open it
    assertThat(last.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(written).hasSize(RECEIPTS);
    try (IndexStore store = IndexStore.open(data, false)) {
      java.util.Map<String, Long> counts = new java.util.TreeMap<>();
      for (Family f : List.of(Family.RECEIPTS, Family.BY_INVOCATION, Family.BY_TASK, Family.BY_ISSUER, Family.INVOKERS,
          Family.INVOCATIONS)) {
        counts.put("entries in " + f.columnName(), store.count(f));
      }
      counts.put(Counter.INDEXED, store.counter(Counter.INDEXED));
      counts.put(Counter.INVOCATIONS, store.counter(Counter.INVOCATIONS));
      counts.put(Counter.DUPLICATE, store.counter(Counter.DUPLICATE));
      java.util.Map<String, Long> expected = new java.util.TreeMap<>();
      for (String name : List.of("receipts", "by_invocation", "by_task", "by_issuer", "invokers", "invocations")) {
        expected.put("entries in " + name, (long) RECEIPTS);
      }
      expected.put(Counter.INDEXED, (long) RECEIPTS);
      expected.put(Counter.INVOCATIONS, (long) RECEIPTS);
      expected.put(Counter.DUPLICATE, 0L);
      assertThat(counts).as("entries per column family and counters (" + store.counters() + ")").isEqualTo(expected);
      for (Signed<Receipt> r : written) {
        assertThat(store.receipt(r.cid())).as(r.cid().toString()).isPresent();
      }
    }
  }

  private void produce(List<Signed<Receipt>> written) {
    try (KafkaProducer<String, byte[]> p = IndexIT.producer()) {
      p.initTransactions();
      for (int i = 0; i < RECEIPTS; i += PER_TRANSACTION) {
        p.beginTransaction();
        for (int j = i; j < i + PER_TRANSACTION; j++) {
          Signed<Invocation> inv = receipts.invocation(j);
          Signed<Receipt> r = receipts.receipt(inv, j);
          p.send(new ProducerRecord<>(topics.invocations(), inv.payload().taskId().toString(), inv.bytes()));
          p.send(new ProducerRecord<>(topics.receipts(), inv.cid().toString(), r.bytes()));
          written.add(r);
        }
        p.commitTransaction();
        Thread.sleep(150);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Child {
    final Process process;
    final int port;

    Child(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    long indexed() {
      return health("indexed");
    }

    long health(String field) {
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        return ((Ipld.Int) ((Ipld.Map) DagJson.decode(r.body())).get(field)).longValue();
      } catch (Exception e) {
        return -1;
      }
    }
  }

  private Child start(Path data) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IndexCommand.class.getName(),
        "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix, "--data", data.toString(), "--port", "0",
        "--trust", receipts.executor.did().toString());
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("index.err").toFile()));
    Process process = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher m = line == null ? null : SERVING.matcher(line);
    if (m == null || !m.find()) {
      process.destroyForcibly();
      throw new AssertionError("ipvm index did not start: " + line + "; stderr: "
          + Files.readString(dir.resolve("index.err")));
    }
    return new Child(process, Integer.parseInt(m.group(1)));
  }
}
