package dev.ipvm.cluster;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A client of the running job, as a publishing service and a receipt consumer are: signs {@code
 * /wasm/run} invocations of the sample math module's {@code add}, publishes them, and reads every
 * receipt read_committed, counting them per invocation so that a lost or a repeated receipt shows.
 * The tests, the chaos runs and the recovery measurement ({@link Recovery}) drive the cluster with it.
 */
final class Traffic implements AutoCloseable {
  private final byte[] math;
  private final Signer user = Signer.generate();
  private final KafkaProducer<byte[], byte[]> producer;
  /** A receipt as read, with when it was read ({@link System#nanoTime}). */
  record Arrival(long nanos, Receipt receipt) {}

  /** Receipts by invocation CID, in the order read. */
  final Map<String, List<Arrival>> receipts = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread reader;

  /** A client of the broker at {@code bootstrap}; {@code math} is the sample module's bytes (functions' {@code samples/math.wasm}). */
  Traffic(String bootstrap, byte[] math) {
    this.math = math.clone();
    // retries for two minutes: the chaos runs restart the broker under it
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", "true",
        "delivery.timeout.ms", "120000", "max.block.ms", "120000"), new ByteArraySerializer(), new ByteArraySerializer());
    reader = new Thread(() -> read(bootstrap), "receipts-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** A newly signed invocation of {@code add(a, b)}; the same {@code a, b} is the same task. */
  Signed<Invocation> add(long a, long b) {
    return Signed.sign(user, Invocation.builder().iss(user.did().toString()).sub(user.did().toString())
        .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Inline(math), "add",
            List.of(Ipld.integer(a), Ipld.integer(b))).toArgs())
        .emptyNonce().iat(System.nanoTime()).build());
  }

  /** Publishes it; its CID, which its receipt's record key names. */
  String send(Signed<Invocation> inv) throws Exception {
    producer.send(new ProducerRecord<>(Topics.DEFAULT.invocations(), inv.bytes())).get();
    return inv.cid().toString();
  }

  /** Publishes it without waiting; {@code failed} hears of a record the broker never took. */
  String sendAsync(Signed<Invocation> inv, java.util.function.Consumer<Exception> failed) {
    producer.send(new ProducerRecord<>(Topics.DEFAULT.invocations(), inv.bytes()), (m, e) -> {
      if (e != null) {
        failed.accept(e);
      }
    });
    return inv.cid().toString();
  }

  /** The receipt of invocation {@code cid}, waiting up to {@code timeout}. */
  Receipt await(String cid, Duration timeout) throws InterruptedException, TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      List<Arrival> r = receipts.get(cid);
      if (r != null && !r.isEmpty()) {
        return r.get(0).receipt();
      }
      Thread.sleep(100);
    }
    throw new TimeoutException("no receipt for invocation " + cid + " within " + timeout.toSeconds() + " s");
  }

  /** The outcome of a receipt for {@code add} that returned {@code sum}. */
  static Outcome ok(long sum) {
    return new Outcome.Ok(Ipld.integer(sum));
  }

  static boolean memoHit(Receipt r) {
    return r.meta().get("memo") != null;
  }

  private void read(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      String topic = Topics.DEFAULT.receipts();
      List<TopicPartition> parts = List.of();
      while (parts.isEmpty() && !closing.get()) {
        try {
          parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(topic, i.partition())).toList();
        } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
          // the job creates the topic when it is submitted
        }
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (!closing.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          receipts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
              .add(new Arrival(System.nanoTime(), Receipt.decode(r.value()).verify().payload()));
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
      // closing
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing.set(true);
    producer.close();
    reader.join(10_000);
  }
}
