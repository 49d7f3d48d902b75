package dev.ipvm.index.ingest;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexBatch;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.task.Await;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.topic.Headers;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the receipts topic (and the invocations topic, for who invoked) read_committed and indexes
 * each poll in one {@link IndexBatch} together with the offsets it read up to. Partitions are
 * assigned by hand and sought to the offsets in the index, with no consumer group and no offset
 * commits to Kafka, so after a crash it resumes exactly after the last batch written: no receipt is
 * lost or indexed twice.
 */
public final class Ingestor implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);
  /** Records written in one batch at most, and how long a batch gathers records that keep coming. */
  static final int MAX_BATCH = 5000;
  static final Duration MAX_BATCH_WAIT = Duration.ofMillis(100);

  /** A record with its receipt checked, or its invocation verified (null when it is not one), ahead of indexing. */
  private record Prepared(ConsumerRecord<byte[], byte[]> record, ReceiptCheck.Checked receipt, Signed<Invocation> invocation) {}

  private final String bootstrap;
  private final Topics topics;
  private final boolean readInvocations;
  private final IndexStore store;
  private final ReceiptCheck check;
  private final IngestStatus status = new IngestStatus();
  private final Set<Rejection> reported = new HashSet<>();
  private volatile boolean stopping;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  public Ingestor(String bootstrap, Topics topics, boolean readInvocations, IndexStore store, ReceiptCheck check) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.readInvocations = readInvocations;
    this.store = store;
    this.check = check;
  }

  public IngestStatus status() {
    return status;
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
      consumer = c;
      if (stopping) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>(partitions(c, topics.receipts()));
      if (readInvocations) {
        partitions.addAll(partitions(c, topics.invocations()));
      }
      c.assign(partitions);
      Map<String, Long> offsets = store.offsets();
      for (TopicPartition tp : partitions) {
        Long next = offsets.get(tp.topic() + "/" + tp.partition());
        if (next != null) {
          c.seek(tp, next);
        } else {
          c.seekToBeginning(List.of(tp));
        }
      }
      status.assigned();
      while (!stopping) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        ConsumerRecords<byte[], byte[]> polled = c.poll(POLL);
        long since = System.nanoTime();
        // more records while they come, up to a batch: fewer, larger writes
        while (!polled.isEmpty()) {
          polled.forEach(records::add);
          if (records.size() >= MAX_BATCH || System.nanoTime() - since > MAX_BATCH_WAIT.toNanos() || stopping) {
            break;
          }
          polled = c.poll(Duration.ZERO);
        }
        if (!records.isEmpty()) {
          index(records);
        }
        lag(c, partitions);
      }
    } catch (WakeupException e) {
      if (!stopping) {
        status.failed(e);
        throw e;
      }
    } catch (RuntimeException | Error e) {
      status.failed(e);
      throw e;
    }
  }

  /** Stops the loop after the batch in hand is written (or not begun). */
  public void stop() {
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private void index(List<ConsumerRecord<byte[], byte[]>> records) {
    // decoding and signature checks are independent per record: in parallel; indexing is in order
    List<Prepared> prepared = records.parallelStream().map(this::prepare).toList();
    IndexBatch batch = store.batch();
    for (Prepared p : prepared) {
      ConsumerRecord<byte[], byte[]> r = p.record();
      if (p.receipt() != null) {
        receipt(batch, r, p.receipt());
      } else if (p.invocation() != null) {
        Signed<Invocation> inv = p.invocation();
        if (batch.addInvocation(inv.cid(), inv.payload().iss(), inv.bytes(), Await.awaited(inv.payload().args()))) {
          batch.count(Counter.INVOCATIONS);
        }
      } else {
        batch.count(Counter.INVOCATIONS_SKIPPED);
      }
      batch.offset(r.topic(), r.partition(), r.offset() + 1);
    }
    store.write(batch);
  }

  private Prepared prepare(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(topics.receipts())) {
      return new Prepared(r, check.check(r.value()), null);
    }
    return new Prepared(r, null, invocation(r));
  }

  private void receipt(IndexBatch batch, ConsumerRecord<byte[], byte[]> r, ReceiptCheck.Checked checked) {
    if (!checked.accepted()) {
      batch.count(Counter.rejected(checked.rejection().errorName()));
      if (reported.add(checked.rejection())) {
        System.err.println("ipvm index: not indexed (" + r.topic() + "/" + r.partition() + "@" + r.offset() + "): "
            + checked.rejection().errorName() + ": " + checked.reason() + " (further ones are counted in /metrics)");
      }
      return;
    }
    Signed<Receipt> signed = checked.receipt();
    Cid cid = signed.cid();
    if (batch.hasReceipt(cid)) {
      batch.count(Counter.DUPLICATE);
      return;
    }
    Receipt receipt = signed.payload();
    batch.addReceipt(cid, r.value(), receipt.ran(), taskId(receipt, r), OutputCids.of(receipt.out()));
    batch.count(Counter.INDEXED);
  }

  /** The signed {@code meta.task}; else the record's {@code task} header when it is a CID. */
  static Cid taskId(Receipt receipt, ConsumerRecord<byte[], byte[]> r) {
    Cid task = receipt.taskId();
    if (task != null) {
      return task;
    }
    Header h = r.headers().lastHeader(Headers.TASK);
    if (h == null || h.value() == null || h.value().length == 0) {
      return null;
    }
    try {
      return Cid.parse(new String(h.value(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The record's invocation when it is a signed one (DAG-JSON re-encoded as the job does), else null. */
  private static Signed<Invocation> invocation(ConsumerRecord<byte[], byte[]> r) {
    try {
      byte[] bytes = r.value();
      Header type = r.headers().lastHeader(Headers.CONTENT_TYPE);
      if (type != null && new String(type.value(), StandardCharsets.UTF_8).startsWith(Headers.DAG_JSON)) {
        bytes = DagCbor.encode(DagJson.decode(bytes));
      }
      return Invocation.decode(bytes).verify();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
    boolean said = false;
    while (!stopping) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (!said) {
        System.err.println("ipvm index: waiting for topic " + topic + " on " + bootstrap);
        said = true;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
    throw new WakeupException();
  }

  private void lag(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
    Map<String, Long> sums = new java.util.HashMap<>();
    for (TopicPartition tp : partitions) {
      var lag = c.currentLag(tp);
      sums.merge(tp.topic(), lag.isPresent() ? lag.getAsLong() : 0L, Long::sum);
    }
    sums.forEach(status::lag);
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ipvm-index");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
