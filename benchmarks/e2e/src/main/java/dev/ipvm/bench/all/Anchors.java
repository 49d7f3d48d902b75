package dev.ipvm.bench.all;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The anchors the job's figures are divided by, measured in the same run as them. */
final class Anchors {
  private Anchors() {}

  /**
   * The bare anchor: the same envelopes produced to a topic of {@code threads} partitions and
   * consumed read_committed on {@code threads} threads (one partition each), each envelope decoded,
   * its Ed25519 signature verified, and a receipt-sized payload signed. The irreducible work of
   * a memo hit, with no state, no checkpoint and no transaction.
   */
  static Phase bare(Stack stack, Driver driver, String topic, List<Signed<Invocation>> envelopes, int receiptBytes,
      int threads) throws Exception {
    stack.createTopic(topic, threads);
    byte[] receiptSized = new byte[receiptBytes];
    AtomicInteger done = new AtomicInteger();
    long[] lastDone = new long[threads];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Properties p = new Properties();
      p.put("bootstrap.servers", stack.bootstrap);
      p.put("isolation.level", "read_committed");
      p.put("enable.auto.commit", "false");
      p.put("fetch.max.wait.ms", "20");
      KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      TopicPartition tp = new TopicPartition(topic, t);
      c.assign(List.of(tp));
      c.seekToEnd(List.of(tp));
      c.position(tp);
      consumers.add(c);
    }
    Signer executor = stack.executor;
    int total = envelopes.size();
    List<Future<?>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      KafkaConsumer<byte[], byte[]> c = consumers.get(t);
      int me = t;
      workers.add(pool.submit(() -> {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (done.get() < total && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
            Invocation.decode(r.value()).verify();
            executor.sign(receiptSized);
            done.incrementAndGet();
            lastDone[me] = System.nanoTime();
          }
        }
        c.close();
        return null;
      }));
    }
    int i = 0;
    for (Signed<Invocation> e : envelopes) {
      driver.producer().send(new ProducerRecord<>(topic, i++ % threads, null, e.bytes()));
    }
    driver.producer().flush();
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    if (done.get() < total) {
      throw new IllegalStateException("bare anchor: only " + done.get() + " of " + total + " in 5 min");
    }
    long last = 0;
    for (long l : lastDone) {
      last = Math.max(last, l);
    }
    return new Phase("bare anchor (read_committed, verify, sign)", total, (last - start) / 1e9, new long[0]);
  }

  /** The same add(i, 1) calls run directly by the functions module's runtime, on {@code threads} threads. */
  static Phase direct(byte[] wasm, Cid cid, int count, int threads) throws Exception {
    try (WasmRuntime runtime = new WasmRuntime(RuntimeConfig.DEFAULT)) {
      for (int i = 0; i < count; i++) { // warm-up: the job's executors have run thousands before they are timed
        runtime.run(cid, wasm, "add", List.of(Ipld.integer(-i), Ipld.integer(1)), Limits.DEFAULT, Abi.Choice.AUTO);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            runtime.run(cid, wasm, "add", List.of(Ipld.integer(i), Ipld.integer(1)), Limits.DEFAULT, Abi.Choice.AUTO);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      return new Phase("add(i, 1) run directly (functions module)", count, (System.nanoTime() - start) / 1e9, new long[0]);
    }
  }
}
