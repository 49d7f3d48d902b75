package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code ipvm receipts} in-process against the test broker: committed receipts as text or JSON lines, followed. */
class ReceiptsCommandIT {
  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("r", 1);
  }

  @Test
  void receiptsListsCommittedReceiptsAsTextOrJsonLines() throws Exception {
    Topics t = topics();
    Signer executor = Signer.generate();
    Cid task = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
    List<Cid> invocations = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      invocations.add(Cid.of(Multicodec.DAG_CBOR, new byte[] {2, (byte) i}));
    }
    try (KafkaProducer<String, byte[]> p = transactional()) {
      commit(p, t, invocations.get(0), Signed.sign(executor, receipt(executor, invocations.get(0), task,
          new Outcome.Ok(Ipld.integer(42)), null)).bytes());
      Thread.sleep(5); // receipts are ordered by time across partitions
      commit(p, t, invocations.get(1), Signed.sign(executor, receipt(executor, invocations.get(1), task,
          Outcome.Error.of("Trap", "unreachable"), null)).bytes());
      p.beginTransaction();
      p.send(new ProducerRecord<>(t.receipts(), "aborted", new byte[] {1}));
      p.flush();
      p.abortTransaction();
      Thread.sleep(5);
      byte[] tampered = Signed.sign(executor, receipt(executor, invocations.get(2), task,
          new Outcome.Ok(Ipld.text("x")), null)).bytes();
      tampered[3] ^= 1;
      commit(p, t, invocations.get(2), tampered);
      Thread.sleep(5);
      commit(p, t, invocations.get(3), Signed.sign(executor, receipt(executor, invocations.get(3), task,
          new Outcome.Ok(Ipld.integer(42)), invocations.get(0))).bytes());
    }

    CliTest.Result text = ipvm(t, "receipts");
    assertThat(text.code()).as(text.err()).isZero();
    List<String> lines = text.text().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines).contains(
        invocations.get(0) + "  task " + task + "  ok 42",
        invocations.get(1) + "  task " + task + "  error Trap: unreachable",
        invocations.get(3) + "  task " + task + "  ok 42 (memo)");
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .startsWith(invocations.get(2) + "  task " + task + "  ok \"x\"  INVALID: BadSignature: "));

    CliTest.Result json = ipvm(t, "receipts", "--json");
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : json.text().lines().toList()) {
      nodes.add(new ObjectMapper().readTree(l));
    }
    assertThat(nodes).hasSize(4);
    JsonNode memo = nodes.stream().filter(n -> n.get("invocation").asText().equals(invocations.get(3).toString()))
        .findFirst().orElseThrow();
    assertThat(memo.get("receipt").get("out").get("ok").asInt()).isEqualTo(42);
    assertThat(memo.get("receipt").get("meta").get("memo").get("/").asText()).isEqualTo(invocations.get(0).toString());
    assertThat(memo.has("invalid")).isFalse();
    assertThat(nodes.stream().filter(n -> n.has("invalid")).toList()).hasSize(1);

    CliTest.Result last = ipvm(t, "receipts", "--last", "2");
    assertThat(last.text().lines().map(l -> l.split(" ")[0]).toList())
        .containsExactly(invocations.get(2).toString(), invocations.get(3).toString());
    assertThat(ipvm(t, "receipts", "--last", "0").text()).isEmpty();
    assertThat(ipvm(t, "receipts", "--count", "1").text().lines()).hasSize(1);
  }

  @Test
  void receiptsFollowPrintsNewReceiptsAsTheyAreCommitted() throws Exception {
    Topics t = topics();
    Signer executor = Signer.generate();
    Cid task = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
    Cid before = Cid.of(Multicodec.DAG_CBOR, new byte[] {3});
    Cid after = Cid.of(Multicodec.DAG_CBOR, new byte[] {4});
    try (KafkaProducer<String, byte[]> p = transactional()) {
      commit(p, t, before, Signed.sign(executor, receipt(executor, before, task, new Outcome.Ok(Ipld.integer(1)),
          null)).bytes());
      CompletableFuture<CliTest.Result> follow =
          CompletableFuture.supplyAsync(() -> ipvm(t, "receipts", "--follow", "--last", "0", "--count", "1"));
      Thread.sleep(1500); // let it reach the end before the next receipt
      commit(p, t, after, Signed.sign(executor, receipt(executor, after, task, new Outcome.Ok(Ipld.integer(2)),
          null)).bytes());
      CliTest.Result r = follow.get(30, TimeUnit.SECONDS);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.text()).isEqualTo(after + "  task " + task + "  ok 2" + System.lineSeparator());
    }
  }

  private static Receipt receipt(Signer executor, Cid ran, Cid task, Outcome out, Cid memo) {
    Ipld.Map.Builder meta = Ipld.Map.builder().put("task", Ipld.link(task));
    if (memo != null) {
      meta.put("memo", Ipld.link(memo));
    }
    return new Receipt(executor.did().toString(), ran, out, Effects.NONE, meta.build(), List.of(), null);
  }

  private static KafkaProducer<String, byte[]> transactional() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID());
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  private static void commit(KafkaProducer<String, byte[]> p, Topics t, Cid invocation, byte[] receipt) {
    p.beginTransaction();
    p.send(new ProducerRecord<>(t.receipts(), invocation.toString(), receipt));
    p.commitTransaction();
  }
}
