package dev.ipvm.bench.all;

import dev.ipvm.bench.kafka.Consumers;
import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.job.kafka.FeedbackMessage;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Drives a job as a user does: signs invocations, publishes them, and reads their receipts
 * read_committed, timing each from its send to its receipt.
 */
final class Driver implements AutoCloseable {
  private final String bootstrap;
  private final Signer user = Signer.generate();
  private final AtomicLong iat = new AtomicLong(1_700_000_000L);
  private final KafkaProducer<byte[], byte[]> producer;
  private int receiptBytes;

  Driver(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "5");
    p.put("max.request.size", Integer.toString(16 << 20));
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  /** add(i, 1) of {@code math}; each call a new envelope (its own iat), the same Task ID for the same i. */
  Signed<Invocation> add(Cid math, long i) {
    return sign(WasmRun.COMMAND, new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
        List.of(Ipld.integer(i), Ipld.integer(1))).toArgs(), true);
  }

  /** fib_rec(n) of {@code math}: a run long enough to go to the executor rather than run inline. */
  Signed<Invocation> fibRec(Cid math, long n) {
    return sign(WasmRun.COMMAND, new WasmRun(new WasmRun.ModuleRef.Linked(math), "fib_rec",
        List.of(Ipld.integer(n))).toArgs(), true);
  }

  /** add(await/ok previous, 1). */
  Signed<Invocation> addAfter(Cid math, Signed<Invocation> previous) {
    return sign(WasmRun.COMMAND, new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
        List.of(new Await(Await.Kind.OK, previous.payload().taskId()).toIpld(), Ipld.integer(1))).toArgs(), true);
  }

  /** An effect: a random nonce, so each is a new one. */
  Signed<Invocation> effect(String cmd, Ipld.Map args) {
    return sign(cmd, args, false);
  }

  private Signed<Invocation> sign(String cmd, Ipld.Map args, boolean emptyNonce) {
    var b = Invocation.builder().iss(user.did().toString()).sub(user.did().toString()).cmd(cmd).args(args)
        .iat(iat.incrementAndGet());
    if (emptyNonce) {
      b.emptyNonce();
    }
    return Signed.sign(user, b.build());
  }

  void publish(String topic, byte[] key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Publishes all at once, then reads receipts until each invocation has one. */
  Phase burst(String name, Topics topics, List<Signed<Invocation>> invs) throws Exception {
    return paced(name, topics, invs, 0);
  }

  /**
   * Publishes one invocation every {@code gapMs} (0: all at once) and reads the receipts
   * (read_committed) until each has one. Per second = count / (first send to last receipt).
   */
  Phase paced(String name, Topics topics, List<Signed<Invocation>> invs, long gapMs) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = Consumers.atEnd(bootstrap, topics.receipts())) {
      Map<String, Long> sentAt = new HashMap<>();
      List<Long> latencies = new ArrayList<>();
      long start = System.nanoTime();
      long last = start;
      for (Signed<Invocation> inv : invs) {
        sentAt.put(inv.cid().toString(), System.nanoTime());
        producer.send(new ProducerRecord<>(topics.invocations(), inv.bytes()));
        if (gapMs > 0) {
          producer.flush();
          long until = System.nanoTime() + gapMs * 1_000_000;
          while (System.nanoTime() < until) {
            last = read(consumer, sentAt, latencies, last, Duration.ofMillis(Math.max(1, (until - System.nanoTime()) / 1_000_000)));
          }
        }
      }
      producer.flush();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (latencies.size() < invs.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": only " + latencies.size() + " of " + invs.size() + " receipts in 5 min");
        }
        last = read(consumer, sentAt, latencies, last, Duration.ofMillis(20));
      }
      long wall = System.currentTimeMillis();
      RunAll.log("window " + name + " " + (wall - (System.nanoTime() - start) / 1_000_000) + " " + wall);
      return new Phase(name, invs.size(), (last - start) / 1e9, latencies.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** The size of the last receipt read: what the bare anchor signs. */
  int receiptBytes() {
    return receiptBytes;
  }

  private long read(KafkaConsumer<byte[], byte[]> consumer, Map<String, Long> sentAt, List<Long> latencies,
      long last, Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      Long sent = r.key() == null ? null : sentAt.remove(new String(r.key(), StandardCharsets.UTF_8));
      if (sent != null) {
        last = System.nanoTime();
        latencies.add((last - sent) / 1_000_000);
        receiptBytes = r.value().length;
      }
    }
    return last;
  }

  /** How many times the job ran {@code taskId}: its results on the feedback topic, read to the end. */
  int executions(Topics topics, Cid taskId) {
    int[] n = {0};
    Consumers.readAll(bootstrap, topics.feedback(), r -> {
      var e = FeedbackMessage.unwrap(r.value());
      if (e.kind() == TaskEvent.Kind.RESULT && e.taskId().equals(taskId.toString())) {
        n[0]++;
      }
    });
    return n[0];
  }


  @Override
  public void close() {
    producer.close();
  }
}
