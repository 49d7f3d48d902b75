package dev.ipvm.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.http.ApiServer;
import dev.ipvm.index.ingest.Ingestor;
import dev.ipvm.index.ingest.ReceiptCheck;
import dev.ipvm.index.ingest.Trust;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on a real broker: receipts written in transactions, read back by every key over HTTP. */
class IndexIT {
  private final Receipts receipts = new Receipts();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Topics topics = Topics.DEFAULT.prefixed("indexit-" + UUID.randomUUID() + ".");
  @TempDir
  Path dir;

  @Test
  void indexesTrustedReceiptsByEveryKeyAndCountsTheRest() throws Exception {
    TestBroker.createTopics(new NewTopic(topics.receipts(), 3, (short) 1), new NewTopic(topics.invocations(), 1, (short) 1),
        new NewTopic(topics.blocks(), 1, (short) 1));
    List<Signed<Invocation>> invs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      invs.add(receipts.invocation(i));
    }
    Signer other = Signer.generate();
    Signed<Invocation> byOther = receipts.invocation(other, 9);
    Cid image = Cid.of(Multicodec.RAW, "P6\n2 1\n255\nabcdef".getBytes(StandardCharsets.US_ASCII));
    Signed<Receipt> first = receipts.receipt(invs.get(0), 0);
    Signed<Receipt> replay = receipts.receipt(invs.get(0), 0);
    Signed<Receipt> produced = receipts.producing(invs.get(1), image);
    Signed<Receipt> second = receipts.receipt(invs.get(2), 2);
    Signed<Receipt> late = receipts.receipt(byOther, 9);  // its invocation comes after it
    Signed<Receipt> aborted = receipts.receipt(invs.get(3), 3);
    Signed<Receipt> untrusted = receipts.receipt(Signer.generate(), invs.get(3), new dev.ipvm.receipt.Outcome.Ok(Ipld.integer(4)));
    // invocations whose signature does not verify: one the executor refused (an error receipt), one it never answered
    byte[] refusedBytes = Receipts.forged(receipts.invocation(7));
    Signed<Invocation> refused = Invocation.decode(refusedBytes);
    Signed<Receipt> refusal = receipts.receipt(refused, dev.ipvm.receipt.Outcome.Error.of("InvalidSignature", "bad"));
    byte[] unansweredForgery = Receipts.forged(receipts.invocation(8));

    try (KafkaProducer<String, byte[]> p = producer()) {
      p.initTransactions();
      p.beginTransaction();
      for (Signed<Invocation> inv : invs) {
        p.send(new ProducerRecord<>(topics.invocations(), inv.payload().taskId().toString(), inv.bytes()));
      }
      byte[] imageBytes = "P6\n2 1\n255\nabcdef".getBytes(StandardCharsets.US_ASCII);
      p.send(new ProducerRecord<>(topics.blocks(), image.toString(), imageBytes));
      p.send(new ProducerRecord<>(topics.blocks(), Cid.of(Multicodec.RAW, new byte[] {1}).toString(), new byte[] {2}));
      p.send(new ProducerRecord<>(topics.invocations(), null, refusedBytes));
      p.send(new ProducerRecord<>(topics.invocations(), null, unansweredForgery));
      for (Signed<Receipt> r : List.of(first, replay, produced, second, late, second, refusal)) {  // second twice: a duplicate
        p.send(receiptRecord(r));
      }
      p.send(new ProducerRecord<>(topics.receipts(), "x", Receipts.forged(receipts.receipt(invs.get(2), 5))));
      p.send(receiptRecord(untrusted));
      p.send(new ProducerRecord<>(topics.receipts(), "junk", new byte[] {(byte) 0xa1, 1}));
      p.commitTransaction();
      p.beginTransaction();
      p.send(receiptRecord(aborted));
      p.flush();
      p.abortTransaction();
      p.beginTransaction();
      p.send(new ProducerRecord<>(topics.invocations(), null, byOther.bytes()));
      p.commitTransaction();
    }

    Trust trust = new Trust(Set.of(receipts.executor.did().toString()));
    try (IndexStore store = IndexStore.open(dir, false)) {
      // libsodium, as `ipvm index` checks by default here: the forgeries below are refused all the same
      Ingestor ingestor = new Ingestor(TestBroker.bootstrap(), topics, true, store,
          new ReceiptCheck(trust, dev.ipvm.index.signature.Libsodium.load()));
      Thread t = new Thread(ingestor, "ingest");
      t.start();
      try (ApiServer server = new ApiServer(store, ingestor.status(), new InetSocketAddress("127.0.0.1", 0)).start()) {
        String base = "http://127.0.0.1:" + server.port();
        waitFor(() -> store.counter(Counter.INDEXED) == 6 && store.counter(Counter.INVOCATIONS) == 5
            && store.counter(Counter.INVOCATIONS_SKIPPED) == 2 && store.counter(Counter.rejected("NotAReceipt")) == 1,
            store::counters);
        String metrics = text(base + "/metrics");
        // 3 answered ok after they were read, 1 before: indexed on the receipt; the one answered by an
        // untrusted executor only waited and was verified on its own, as were the two forgeries (dropped)
        assertThat(metrics).contains("ipvm_index_invocations_vouched_total 4\n")
            .contains("ipvm_index_invocations_skipped_total 2\n");
        assertThat(store.invocation(refused.cid())).as("a forged invocation, refused").isEmpty();
        waitFor(() -> store.counter(Counter.BLOCKS) == 1 && store.counter(Counter.BLOCKS_SKIPPED) == 1, store::counters);
        HttpResponse<byte[]> block = http.send(HttpRequest.newBuilder(URI.create(base + "/blocks/" + image)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(block.statusCode()).isEqualTo(200);
        assertThat(new String(block.body(), StandardCharsets.US_ASCII)).isEqualTo("P6\n2 1\n255\nabcdef");
        assertThat(status(base + "/blocks/" + Cid.of(Multicodec.RAW, new byte[] {1}))).as("bytes not of their key's CID")
            .isEqualTo(404);
        assertThat(store.invocation(Invocation.decode(unansweredForgery).cid())).as("a forged one, unanswered").isEmpty();
        assertThat(cids(base + "/issuers/" + receipts.user.did(), true)).doesNotContain(refusal.cid());
        assertThat(metrics).contains("ipvm_index_receipts_indexed_total 6\n")
            .contains("ipvm_index_receipts_rejected_total{reason=\"InvalidSignature\"} 1\n")
            .contains("ipvm_index_receipts_rejected_total{reason=\"UntrustedIssuer\"} 1\n")
            .contains("ipvm_index_receipts_rejected_total{reason=\"NotAReceipt\"} 1\n")
            .contains("ipvm_index_lag_records{topic=\"" + topics.receipts() + "\"} 0\n");
        assertThat(store.receipt(untrusted.cid())).isEmpty();
        assertThat(store.receipt(aborted.cid())).as("an aborted transaction's receipt").isEmpty();

        assertThat(cids(base + "/receipts/" + produced.cid(), false)).containsExactly(produced.cid());
        assertThat(cids(base + "/invocations/" + invs.get(0).cid(), true)).containsExactly(first.cid(), replay.cid());
        assertThat(cids(base + "/tasks/" + invs.get(2).payload().taskId(), true)).containsExactly(second.cid());
        assertThat(cids(base + "/outputs/" + image, true)).containsExactly(produced.cid());
        assertThat(cids(base + "/issuers/" + receipts.user.did() + "?limit=2", true)).hasSize(2);
        assertThat(cids(base + "/issuers/" + receipts.user.did(), true))
            .containsExactlyInAnyOrder(first.cid(), replay.cid(), produced.cid(), second.cid());
        assertThat(cids(base + "/issuers/" + other.did(), true)).as("invoker read after its receipt").containsExactly(late.cid());
        // read, but its only receipts were aborted or untrusted: the invocation without receipts
        Ipld.Map unanswered = (Ipld.Map) DagJson.decode(text(base + "/invocations/" + invs.get(3).cid()));
        assertThat(((Ipld.List) unanswered.get("receipts")).items()).isEmpty();
        assertThat(unanswered.get("invocation")).isNotNull();
        assertThat(status(base + "/invocations/" + aborted.cid())).as("a CID never seen").isEqualTo(404);
        assertThat(status(base + "/receipts/zzz")).isEqualTo(400);
      } finally {
        ingestor.stop();
        t.join(10_000);
      }
      assertThat(store.counter(Counter.DUPLICATE)).as("the same receipt twice on the topic").isEqualTo(1);
    }
  }

  @Test
  void partitionsAddedWhileItRunsAreReadWithoutARestart() throws Exception {
    Topics topics = Topics.DEFAULT.prefixed("indexit-grow-" + UUID.randomUUID() + ".");
    TestBroker.createTopics(new NewTopic(topics.receipts(), 1, (short) 1), new NewTopic(topics.invocations(), 1, (short) 1));
    Trust trust = new Trust(Set.of(receipts.executor.did().toString()));
    List<Signed<Receipt>> written = new ArrayList<>();
    try (IndexStore store = IndexStore.open(dir, false); KafkaProducer<String, byte[]> p = producer()) {
      p.initTransactions();
      Ingestor ingestor = new Ingestor(TestBroker.bootstrap(), topics, true, store, new ReceiptCheck(trust));
      Thread t = new Thread(ingestor, "ingest");
      t.start();
      try {
        send(p, topics, 0, 0, written);
        waitFor(() -> store.counter(Counter.INDEXED) == 1, store::counters);
        TestBroker.admin().createPartitions(java.util.Map.of(topics.receipts(), NewPartitions.increaseTo(3),
            topics.invocations(), NewPartitions.increaseTo(2))).all().get();
        // into the new partitions only, each receipt with its invocation; nothing restarts the index
        send(p, topics, 1, 1, written);
        send(p, topics, 2, 1, written);
        waitFor(() -> store.counter(Counter.INDEXED) == 3 && store.counter(Counter.INVOCATIONS) == 3, store::counters);
        for (Signed<Receipt> r : written) {
          assertThat(store.receipt(r.cid())).as("receipt " + r.cid()).isPresent();
        }
        assertThat(store.offsets()).as("the new partitions' offsets, kept with the data")
            .containsKeys(topics.receipts() + "/1", topics.receipts() + "/2", topics.invocations() + "/1");
      } finally {
        ingestor.stop();
        t.join(10_000);
      }
    }
  }

  /** One invocation and its receipt, in one transaction, to the given partitions. */
  private void send(KafkaProducer<String, byte[]> p, Topics topics, int receiptPartition, int invocationPartition,
      List<Signed<Receipt>> written) {
    Signed<Invocation> inv = receipts.invocation(100 + written.size());
    Signed<Receipt> r = receipts.receipt(inv, 100 + written.size());
    p.beginTransaction();
    p.send(new ProducerRecord<>(topics.invocations(), invocationPartition, null, inv.bytes()));
    p.send(new ProducerRecord<>(topics.receipts(), receiptPartition, null, r.bytes()));
    p.commitTransaction();
    written.add(r);
  }

  private ProducerRecord<String, byte[]> receiptRecord(Signed<Receipt> r) {
    ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topics.receipts(), r.payload().ran().toString(), r.bytes());
    rec.headers().add("task", r.payload().taskId().toString().getBytes(StandardCharsets.UTF_8));
    return rec;
  }

  static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(java.util.Map.of(
        "bootstrap.servers", TestBroker.bootstrap(),
        "transactional.id", "index-test-" + UUID.randomUUID(),
        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
        "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName()));
  }

  private List<Cid> cids(String url, boolean list) throws Exception {
    Ipld.Map body = (Ipld.Map) DagJson.decode(text(url));
    List<Cid> out = new ArrayList<>();
    List<Ipld> items = list ? ((Ipld.List) body.get("receipts")).items() : List.of(body);
    for (Ipld item : items) {
      out.add(Cid.parse(((Ipld.Text) ((Ipld.Map) item).get("cid")).value()));
    }
    return out;
  }

  private String text(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private int status(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static void waitFor(BooleanSupplier condition, java.util.function.Supplier<?> state) throws InterruptedException {
    long end = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within 60 s: " + state.get());
      }
      Thread.sleep(100);
    }
  }
}
