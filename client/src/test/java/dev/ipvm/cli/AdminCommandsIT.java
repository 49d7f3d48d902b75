package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm topic}, {@code ipvm get} and {@code ipvm status} against the test broker. */
class AdminCommandsIT {
  @TempDir
  Path dir;

  @Test
  void topicCreateMakesTopicsOnceAndListShowsThem() throws Exception {
    String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    CliTest.Result created = CliTest.run("", "topic", "create", "--bootstrap", TestBroker.bootstrap(),
        "--partitions", "3", "--compact", name);
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.text()).isEqualTo("created " + name + System.lineSeparator());
    CliTest.Result again = CliTest.run("", "topic", "create", "--bootstrap", TestBroker.bootstrap(), name);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.text()).startsWith("exists");

    CliTest.Result list = CliTest.run("", "topic", "list", "--bootstrap", TestBroker.bootstrap());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.text().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow())
        .matches(name + "\\s+3\\s+1\\s+compact\\s+0");
    assertThat(list.text()).doesNotContain("__consumer_offsets");
  }

  @Test
  void getReturnsAPublishedBlockCheckedAgainstItsCid() throws Exception {
    Topics t = TestDeployment.freshTopics("g", 1);
    byte[] bytes = new byte[300_000];
    new Random(3).nextBytes(bytes);
    Path file = dir.resolve("module.bin");
    Files.write(file, bytes);
    String cid = ipvm(t, "put", file.toString()).text().strip();

    CliTest.Result got = ipvm(t, "get", cid);
    assertThat(got.code()).as(got.err()).isZero();
    assertThat(got.out()).isEqualTo(bytes);

    Path out = dir.resolve("back.bin");
    assertThat(ipvm(t, "get", cid, "--out", out.toString()).code()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
  }

  @Test
  void getSkipsARecordWhoseBytesDoNotHashToItsKeyAndSaysSo() throws Exception {
    Topics t = TestDeployment.freshTopics("g", 1);
    Cid claimed = Cid.of(Multicodec.RAW, "the real bytes".getBytes(StandardCharsets.UTF_8));
    try (var producer = new KafkaProducer<>(java.util.Map.<String, Object>of("bootstrap.servers", TestBroker.bootstrap()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(t.blocks(), claimed.toString(), "forged".getBytes(StandardCharsets.UTF_8))).get();
    }
    CliTest.Result got = ipvm(t, "get", claimed.toString());
    assertThat(got.code()).isEqualTo(1);
    assertThat(got.out()).isEmpty();
    assertThat(got.err()).contains("do not hash to " + claimed).contains("no block " + claimed);
  }

  @Test
  void getOfABadCidIsAUsageError() {
    CliTest.Result r = CliTest.run("", "get", "--bootstrap", TestBroker.bootstrap(), "not-a-cid");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a CID: not-a-cid");
  }

  @Test
  void statusNamesMissingTopicsAndAJobThatDoesNotAnswer() throws Exception {
    Topics t = TestDeployment.freshTopics("s", 1); // no delegations or revocations topic, no Flink
    CliTest.Result r = ipvm(t, "status", "--flink", "http://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.text()).contains("broker      " + TestBroker.bootstrap())
        .containsPattern(t.invocations() + "\\s+1 partitions, 0 records")
        .containsPattern(t.delegations() + "\\s+MISSING")
        .contains("receipts    0.0/s over the last minute")
        .contains("Flink does not answer at http://127.0.0.1:1");
  }
}
