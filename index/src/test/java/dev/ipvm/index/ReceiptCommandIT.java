package dev.ipvm.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cli.Main;
import dev.ipvm.index.http.ApiServer;
import dev.ipvm.index.ingest.Ingestor;
import dev.ipvm.index.ingest.ReceiptCheck;
import dev.ipvm.index.ingest.Trust;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm receipt get|produced} against a running index, and by scanning the topic when none answers. */
class ReceiptCommandIT {
  private final Receipts receipts = new Receipts();
  private final String prefix = "receiptcmd-" + UUID.randomUUID() + ".";
  private final Topics topics = Topics.DEFAULT.prefixed(prefix);
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  private Run ipvm(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void getsByEveryKindOfCidFromTheIndexAndFromTheTopicWhenNoIndexAnswers() throws Exception {
    TestBroker.createTopics(new NewTopic(topics.receipts(), 2, (short) 1), new NewTopic(topics.invocations(), 1, (short) 1));
    Signed<Invocation> inv = receipts.invocation(7);
    Cid image = Cid.of(Multicodec.RAW, "P6\n1 1\n255\nabc".getBytes(StandardCharsets.US_ASCII));
    Signed<Receipt> produced = receipts.producing(inv, image);
    Signed<Receipt> again = receipts.receipt(inv, 7);
    byte[] ppm = "P6\n2 1\n255\nabcdef".getBytes(StandardCharsets.US_ASCII);
    Signed<Receipt> picture = receipts.receipt(inv, new dev.ipvm.receipt.Outcome.Ok(dev.ipvm.ipld.Ipld.Bytes.of(ppm)));
    try (KafkaProducer<String, byte[]> p = IndexIT.producer()) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>(topics.invocations(), null, inv.bytes()));
      p.send(new ProducerRecord<>(topics.receipts(), inv.cid().toString(), produced.bytes()));
      p.send(new ProducerRecord<>(topics.receipts(), inv.cid().toString(), again.bytes()));
      p.send(new ProducerRecord<>(topics.receipts(), inv.cid().toString(), picture.bytes()));
      p.commitTransaction();
    }
    String[] broker = {"--bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix};
    String noIndex;
    try (IndexStore store = IndexStore.open(dir, false)) {
      Ingestor ingestor = new Ingestor(TestBroker.bootstrap(), topics, true, store,
          new ReceiptCheck(new Trust(Set.of(receipts.executor.did().toString()))));
      Thread t = new Thread(ingestor);
      t.start();
      try (ApiServer server = new ApiServer(store, ingestor.status(), new InetSocketAddress("127.0.0.1", 0)).start()) {
        IndexIT.waitFor(() -> store.counter(Counter.INDEXED) == 3, store::counters);
        String index = "http://127.0.0.1:" + server.port();
        noIndex = index;

        Run one = ipvm("receipt", "get", produced.cid().toString(), "--index", index);
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).startsWith(produced.cid() + "  ran " + inv.cid() + "  task " + inv.payload().taskId() + "  ok ")
            .contains(image.toString()).hasLineCount(1);
        assertThat(one.err()).isEmpty();
        for (Cid both : new Cid[] {inv.cid(), inv.payload().taskId()}) {
          Run r = ipvm("receipt", "get", both.toString(), "--index", index);
          assertThat(r.out().lines()).as(both.toString()).hasSize(3).anyMatch(l -> l.startsWith(again.cid().toString()));
        }
        Run made = ipvm("receipt", "produced", image.toString(), "--index", index, "--json");
        assertThat(made.out()).startsWith("{\"cid\":\"" + produced.cid() + "\",\"receipt\":{").hasLineCount(1);

        // an image a function returned as bytes: found by the CID of its file (ipvm dag cid --codec raw)
        Run file = ipvm("receipt", "produced", Cid.of(Multicodec.RAW, ppm).toString(), "--index", index);
        assertThat(file.out()).startsWith(picture.cid() + "  ran " + inv.cid()).hasLineCount(1);

        Run unknown = ipvm("receipt", "produced", Cid.of(Multicodec.RAW, new byte[] {9}).toString(), "--index", index);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no receipt produced").contains("the index at " + index);
        Run bad = ipvm("receipt", "get", "bnot-a-cid", "--index", index);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("'bnot-a-cid' is not a CID");
      } finally {
        ingestor.stop();
        t.join(10_000);
      }
    }
    // the index is gone: the same answers from the topic, said on stderr
    String[] get = {"receipt", "get", inv.cid().toString(), "--index", noIndex};
    Run scanned = ipvm(concat(get, broker));
    assertThat(scanned.code()).as(scanned.err()).isZero();
    assertThat(scanned.err()).contains("no receipt index answers at " + noIndex).contains(topics.receipts());
    assertThat(scanned.out().lines()).hasSize(3);
    Run made = ipvm(concat(new String[] {"receipt", "produced", image.toString(), "--index", noIndex}, broker));
    assertThat(made.out()).startsWith(produced.cid() + "  ran ").hasLineCount(1);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
