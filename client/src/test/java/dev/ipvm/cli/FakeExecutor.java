package dev.ipvm.cli;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.HttpRequest;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A TEST STAND-IN for the executor, for testing the client's side of the Kafka contract only: it
 * reads invocations (and the blocks they link to), runs {@code /wasm/run} with the local Wasm
 * runtime, memoizes pure work by Task ID, and publishes signed receipts transactionally, keyed by
 * the invocation CID. The real executor is the Flink job, tested in jobs/.
 *
 * <p>Awaits, as simply as the client's tests need them: an invocation whose args await tasks
 * waits until this stand-in has written a receipt for each of them (from any invocation), then
 * runs with the awaits replaced ({@link Await#resolve}), or gets an {@code AwaitMismatch} error
 * receipt. No {@code AwaitTimeout}, no coalescing (but see {@link #markMemoHitsCoalesced}).
 *
 * <p>Effects are faked, never performed: {@code /http/*} answers {@code {status: 200, headers,
 * body: "<METHOD> <url>\n<request body>"}} (a URL ending in {@code /status/404} gets an {@code
 * HttpStatus} error, one ending in {@code /binary} a body that is not UTF-8), {@code
 * /kafka/publish} answers {@code {topic, bytes}} (the value's size). Each Task ID runs once: a
 * repeat gets the recorded outcome with {@code meta.replay} linking the first receipt.
 *
 * <p>For the client's failure paths it can also sign receipts badly ({@link #tamperSignatures})
 * and write an aborted receipt before each real one ({@link #abortFirst}).
 */
final class FakeExecutor implements AutoCloseable {
  final Signer key = Signer.generate();
  /** Corrupt each receipt's signature (the envelope still decodes). */
  volatile boolean tamperSignatures;
  /** Before each receipt, write a wrong one for the same invocation in a transaction that aborts. */
  volatile boolean abortFirst;
  /** Mark memo hits {@code coalesced: true}, as the job marks a run shared by concurrent invocations. */
  volatile boolean markMemoHitsCoalesced;
  /** Invocations received, in order. */
  final List<Signed<Invocation>> received = new CopyOnWriteArrayList<>();
  /** The Task IDs of the effects performed (not replayed), in order. */
  final List<Cid> effectsRun = new CopyOnWriteArrayList<>();

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private final Map<Cid, byte[]> blocks = new HashMap<>();
  private final Map<Cid, Cid> memo = new HashMap<>();
  private final Map<Cid, Outcome> memoOut = new HashMap<>();
  /** The result of every task answered so far, for awaits. */
  private final Map<Cid, Outcome> results = new HashMap<>();
  /** The first receipt of each effect's Task ID: a repeat is a replay. */
  private final Map<Cid, Cid> effectReceipts = new HashMap<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  FakeExecutor(String bootstrap, Topics topics) {
    this.topics = topics;
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(topics.invocations(), topics.blocks())) {
      consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fake-executor-" + UUID.randomUUID());
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    thread = new Thread(this::loop, "fake-executor");
    thread.setDaemon(true);
    thread.start();
  }

  /** What went wrong in the executor's thread, if anything (tests assert it is null). */
  Throwable failure() {
    return failure;
  }

  private void loop() {
    List<Signed<Invocation>> pending = new ArrayList<>();
    try (WasmRuntime runtime = new WasmRuntime(RuntimeConfig.DEFAULT)) {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          if (r.topic().equals(topics.blocks())) {
            Cid cid = Cid.parse(r.key());
            if (!cid.verifies(r.value())) {
              throw new AssertionError("block " + cid + " does not match its bytes");
            }
            blocks.put(cid, r.value());
          } else {
            Signed<Invocation> inv = Invocation.decode(r.value()).verify();
            if (!inv.payload().taskId().toString().equals(r.key())) {
              throw new AssertionError("invocation keyed by " + r.key() + " has Task ID " + inv.payload().taskId());
            }
            received.add(inv);
            pending.add(inv);
          }
        }
        for (Iterator<Signed<Invocation>> it = pending.iterator(); it.hasNext(); ) {
          if (answer(runtime, it.next())) {
            it.remove();
          }
        }
      }
    } catch (WakeupException e) {
      // closed
    } catch (Throwable t) {
      failure = t;
    }
  }

  /**
   * Runs and answers an invocation; false while the module it links to has not arrived or a task
   * it awaits has no receipt yet.
   */
  private boolean answer(WasmRuntime runtime, Signed<Invocation> signed) {
    Invocation inv = signed.payload();
    Cid task = inv.taskId();
    Ipld.Map.Builder meta = Ipld.Map.builder().put("task", Ipld.link(task));
    Outcome out;
    Ipld.Map args = inv.args();
    Outcome mismatch = null;
    if (!results.keySet().containsAll(Await.awaited(args))) {
      return false;
    }
    try {
      args = (Ipld.Map) Await.resolve(args, results);
    } catch (Await.MismatchException e) {
      mismatch = Outcome.Error.of("AwaitMismatch", e.getMessage());
    }
    if (inv.shareable() && memo.containsKey(task)) {
      out = memoOut.get(task);
      meta.put("memo", Ipld.link(memo.get(task)));
      if (markMemoHitsCoalesced) {
        meta.put("coalesced", Ipld.TRUE);
      }
    } else if (Command.of(inv.cmd()).map(Command::effect).orElse(false)) {
      if (effectReceipts.containsKey(task)) {
        out = results.get(task);
        meta.put("replay", Ipld.link(effectReceipts.get(task)));
      } else {
        out = mismatch != null ? mismatch : fakeEffect(Command.of(inv.cmd()).orElseThrow(), args);
        effectsRun.add(task);
      }
    } else if (!inv.cmd().equals(WasmRun.COMMAND)) {
      out = Outcome.Error.of("UnknownCommand", "no such command " + inv.cmd());
    } else if (mismatch != null) {
      out = mismatch;
    } else {
      WasmRun run = WasmRun.fromArgs(args);
      byte[] wasm;
      if (run.module() instanceof WasmRun.ModuleRef.Inline in) {
        wasm = in.bytes();
      } else {
        wasm = blocks.get(((WasmRun.ModuleRef.Linked) run.module()).cid());
        if (wasm == null) {
          return false;
        }
      }
      WasmRun.RequestedLimits asked = WasmRun.RequestedLimits.fromMeta(inv.meta());
      Limits limits = Limits.DEFAULT;
      if (asked.fuel() != null) {
        limits = limits.withFuel(asked.fuel());
      }
      dev.ipvm.wasm.Outcome result = runtime.run(wasm, run.fun(), run.params(), limits.cappedBy(Limits.MAXIMUM));
      if (result instanceof dev.ipvm.wasm.Outcome.Ok ok) {
        out = new Outcome.Ok(ok.value() == null ? Ipld.NULL : ok.value());
      } else {
        dev.ipvm.wasm.Outcome.Failed f = (dev.ipvm.wasm.Outcome.Failed) result;
        out = Outcome.Error.of(f.error().errorName(), f.message());
      }
      meta.put("fuel", result.fuelUsed());
    }
    Receipt receipt = new Receipt(key.did().toString(), signed.cid(), out, Effects.NONE, meta.build(), List.of(),
        Instant.now().getEpochSecond());
    Signed<Receipt> signedReceipt = Signed.sign(key, receipt);
    results.putIfAbsent(task, out);
    if (Command.of(inv.cmd()).map(Command::effect).orElse(false)) {
      effectReceipts.putIfAbsent(task, signedReceipt.cid());
    }
    if (inv.shareable() && !memo.containsKey(task) && out instanceof Outcome.Ok) {
      memo.put(task, signedReceipt.cid());
      memoOut.put(task, out);
    }
    if (abortFirst) {
      Receipt wrong = new Receipt(key.did().toString(), signed.cid(), new Outcome.Ok(Ipld.text("aborted")),
          Effects.NONE, Ipld.Map.builder().put("task", Ipld.link(task)).build(), List.of(), null);
      producer.beginTransaction();
      producer.send(record(signed.cid(), task, Signed.sign(key, wrong).bytes(), out));
      producer.flush();
      producer.abortTransaction();
    }
    byte[] bytes = signedReceipt.bytes();
    if (tamperSignatures) {
      bytes[3] ^= 1; // [sig, payload]: 0x82, then 0x58 0x40 and the signature's 64 bytes
    }
    producer.beginTransaction();
    producer.send(record(signed.cid(), task, bytes, out));
    producer.commitTransaction();
    return true;
  }

  /** A made-up outcome for an effect: nothing leaves this process. */
  private Outcome fakeEffect(Command cmd, Ipld.Map args) {
    if (cmd == Command.KAFKA_PUBLISH) {
      try {
        return new Outcome.Ok(Ipld.Map.builder().put("topic", args.get("topic"))
            .put("bytes", dev.ipvm.task.KafkaPublish.fromArgs(args).value().length).build());
      } catch (IllegalArgumentException e) {
        return Outcome.Error.of("InvalidArgs", e.getMessage());
      }
    }
    HttpRequest req;
    try {
      req = HttpRequest.fromArgs(cmd, args); // with awaits resolved: checked only now, as the job does
    } catch (IllegalArgumentException e) {
      return Outcome.Error.of("InvalidArgs", e.getMessage());
    }
    String url = req.url().toString();
    if (url.endsWith("/status/404")) {
      return new Outcome.Error(Ipld.Map.builder().put("name", "HttpStatus")
          .put("message", req.method() + " " + url + " answered 404").put("status", 404)
          .put("headers", Ipld.Map.EMPTY).put("body", Ipld.Bytes.of("no such page".getBytes(StandardCharsets.UTF_8)))
          .build());
    }
    byte[] body = url.endsWith("/binary") ? new byte[] {(byte) 0xff, 0, (byte) 0xfe}
        : (req.method() + " " + url + "\n" + new String(req.body(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    return new Outcome.Ok(Ipld.Map.builder().put("status", 200)
        .put("headers", Ipld.Map.builder().put("content-type", "text/plain").build())
        .put("body", Ipld.Bytes.of(body)).build());
  }

  private ProducerRecord<String, byte[]> record(Cid invocation, Cid task, byte[] bytes, Outcome out) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.receipts(), invocation.toString(), bytes);
    r.headers().add(Headers.TASK, task.toString().getBytes(StandardCharsets.UTF_8));
    r.headers().add(Headers.STATUS, (out instanceof Outcome.Ok ? "ok" : "error").getBytes(StandardCharsets.UTF_8));
    return r;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    consumer.close();
    producer.close();
  }
}
