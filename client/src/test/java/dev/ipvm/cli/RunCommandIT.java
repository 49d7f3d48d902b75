package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static dev.ipvm.cli.TestDeployment.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cli.remote.RunCommand;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm run} in-process against the test broker. The executor is {@link FakeExecutor}: these
 * tests check the client's side of the contract.
 */
class RunCommandIT {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  private static final Path MATH = SAMPLES.resolve("math.wasm");

  @TempDir
  Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("t", 1);
  }

  FakeExecutor executor(Topics t) {
    return executors.start(t);
  }

  CliTest.Result run(Topics t, String... args) throws Exception {
    Path key = dir.resolve("me.pem");
    if (!Files.exists(key)) {
      Signer.generate().save(key);
    }
    List<String> all = new ArrayList<>(List.of("run", "--key", key.toString(), "--timeout", "20"));
    all.addAll(List.of(args));
    return ipvm(t, all.toArray(String[]::new));
  }

  @Test
  void runPublishesTheModuleWaitsAndPrintsTheResultThenAMemoHit() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);

    CliTest.Result first = run(t, MATH.toString(), "--fun", "add", "20", "22");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.text()).isEqualTo("42" + System.lineSeparator());
    assertThat(executor.received).hasSize(1);
    var inv = executor.received.get(0);
    assertThat(inv.payload().shareable()).isTrue();
    assertThat(inv.payload().cmd()).isEqualTo("/wasm/run");
    assertThat(inv.payload().args().get("mod")).isEqualTo(Ipld.link(Cid.of(Multicodec.RAW, Files.readAllBytes(MATH))));
    assertThat(first.err()).matches("invocation " + inv.cid() + "  task " + inv.payload().taskId()
        + "  fuel \\d+\\R");

    CliTest.Result again = run(t, MATH.toString(), "--fun", "add", "20", "22");
    assertThat(again.text()).isEqualTo("42" + System.lineSeparator());
    assertThat(executor.received.get(1).payload().taskId()).isEqualTo(inv.payload().taskId());
    assertThat(again.err()).contains("  task " + inv.payload().taskId() + "  memo hit (receipt bafy");

    CliTest.Result fresh = run(t, MATH.toString(), "--fun", "add", "20", "22", "--fresh");
    assertThat(fresh.text()).isEqualTo("42" + System.lineSeparator());
    assertThat(executor.received.get(2).payload().shareable()).isFalse();
    assertThat(executor.received.get(2).payload().taskId()).isNotEqualTo(inv.payload().taskId());
    assertThat(fresh.err()).doesNotContain("memo");
  }

  @Test
  void runWithProofsInvokesOnTheRootsSubjectAndSendsEachDelegationInAHeader() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t); // a stand-in: it answers without checking authority
    Signer owner = Signer.generate();
    Path key = dir.resolve("me.pem");
    Signer me = Signer.generate();
    me.save(key);
    Signed<dev.ipvm.ucan.Delegation> grant = Signed.sign(owner, new dev.ipvm.ucan.Delegation(owner.did().toString(),
        me.did().toString(), owner.did().toString(), "/wasm", Ipld.list(), new byte[] {7}, null, null, null));
    Path proof = dir.resolve("grant.ucan");
    Files.write(proof, grant.bytes());

    CliTest.Result r = ipvm(t, "run", "--key", key.toString(), "--timeout", "20", "--proof", proof.toString(),
        MATH.toString(), "--fun", "add", "1", "2");
    assertThat(r.code()).as(r.err()).isZero();
    var inv = executor.received.get(0).payload();
    assertThat(inv.iss()).isEqualTo(me.did().toString());
    assertThat(inv.sub()).as("the root delegation's subject").isEqualTo(owner.did().toString());
    assertThat(inv.prf()).containsExactly(grant.cid());
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "proof-" + UUID.randomUUID()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(t.invocations()));
      List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (got.isEmpty() && System.nanoTime() < end) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).singleElement().satisfies(rec ->
          assertThat(rec.headers().lastHeader(dev.ipvm.topic.Headers.PROOF).value()).isEqualTo(grant.bytes()));
    }
  }

  @Test
  void runByCidInlineWithStringParamsAndLimits() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    CliTest.Result put = ipvm(t, "put", SAMPLES.resolve("uppercase.wasm").toString());
    String cid = put.text().strip();

    CliTest.Result upper = run(t, cid, "--fun", "uppercase", "hello");
    assertThat(upper.code()).as(upper.err()).isZero();
    assertThat(upper.text().strip()).isEqualTo("\"HELLO\"");
    assertThat(executor.received.get(0).payload().args().get("params"))
        .isEqualTo(new Ipld.List(List.of(Ipld.text("hello"))));

    CliTest.Result inline = run(t, MATH.toString(), "--inline", "--fun", "add", "--params", "[1, 2]",
        "--fuel", "100000", "--memory", "1048576", "--time", "5000");
    assertThat(inline.code()).as(inline.err()).isZero();
    assertThat(inline.text().strip()).isEqualTo("3");
    var inv = executor.received.get(1).payload();
    assertThat(((Ipld.Text) inv.args().get("mod")).value()).startsWith("data:application/wasm;base64,AGFzbQ");
    assertThat(inv.meta()).isEqualTo(Ipld.Map.builder().put("fuel", 100000).put("memory", 1048576)
        .put("time", 5000).build());
  }

  @Test
  void anErrorReceiptExitsOneWithItsNameAndMessage() throws Exception {
    Topics t = topics();
    executor(t);
    CliTest.Result r = run(t, MATH.toString(), "--fun", "fib_rec", "--fuel", "1000", "30");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("error: OutOfFuel: ");

    CliTest.Result json = run(t, MATH.toString(), "--fun", "nosuch", "--json");
    assertThat(json.code()).isEqualTo(1);
    JsonNode receipt = new ObjectMapper().readTree(json.out());
    assertThat(receipt.get("out").get("error").get("name").asText()).isEqualTo("NoSuchFunction");
    assertThat(json.err()).contains("error: NoSuchFunction: ");
  }

  @Test
  void jsonPrintsTheWholeReceiptPayload() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    CliTest.Result r = run(t, MATH.toString(), "--fun", "add", "--json", "1", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text().strip().lines()).hasSize(1);
    JsonNode receipt = new ObjectMapper().readTree(r.out());
    assertThat(receipt.get("ran").get("/").asText()).isEqualTo(executor.received.get(0).cid().toString());
    assertThat(receipt.get("out").get("ok").asInt()).isEqualTo(3);
    assertThat(receipt.get("iss").asText()).isEqualTo(executor.key.did().toString());
  }

  @Test
  void receiptsInAbortedTransactionsAreNeverTaken() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    executor.abortFirst = true;
    CliTest.Result r = run(t, MATH.toString(), "--fun", "add", "2", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text().strip()).isEqualTo("5");
  }

  @Test
  void aReceiptThatDoesNotVerifyExitsOne() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    executor.tamperSignatures = true;
    CliTest.Result r = run(t, MATH.toString(), "--fun", "add", "2", "3");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("ipvm: the receipt for invocation " + executor.received.get(0).cid()
        + " does not verify: BadSignature: ");
  }

  @Test
  void noReceiptInTimeExitsThree() throws Exception {
    Topics t = topics(); // and no executor
    CliTest.Result r = ipvm(t, "run", "--key", dir.resolve("k.pem").toString(), MATH.toString(), "--fun", "add",
        "--timeout", "1", "1", "2");
    assertThat(dir.resolve("k.pem")).doesNotExist(); // --key names a file that must exist
    assertThat(r.code()).isEqualTo(1);

    Signer.generate().save(dir.resolve("k.pem"));
    r = ipvm(t, "run", "--key", dir.resolve("k.pem").toString(), MATH.toString(), "--fun", "add",
        "--timeout", "1", "1", "2");
    assertThat(r.code()).isEqualTo(RunCommand.EXIT_TIMEOUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("ipvm: no receipt for invocation bafyrei")
        .contains("within 1 s", "after the job's next checkpoint", "`ipvm dev`");
    // what was published is there for the job to find later
    assertThat(readAll(t.invocations(), "read_uncommitted")).hasSize(1);
  }

  @Test
  void theUsersKeyIsCreatedOnFirstUse() throws Exception {
    Topics t = topics();
    FakeExecutor executor = executor(t);
    Path home = dir.resolve("home");
    System.setProperty("ipvm.home", home.toString());
    try {
      CliTest.Result r = ipvm(t, "run", MATH.toString(), "--fun", "add", "1", "1");
      assertThat(r.code()).as(r.err()).isZero();
      Path pem = home.resolve("user.pem");
      assertThat(Files.getPosixFilePermissions(pem)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String did = Signer.load(pem).did().toString();
      assertThat(r.err()).startsWith("ipvm: created your key " + pem + " (" + did + ")");
      assertThat(executor.received.get(0).payload().iss()).isEqualTo(did);

      CliTest.Result again = ipvm(t, "run", MATH.toString(), "--fun", "add", "1", "1");
      assertThat(again.err()).doesNotContain("created");
      assertThat(executor.received.get(1).payload().iss()).isEqualTo(did);
    } finally {
      System.clearProperty("ipvm.home");
    }
  }

  @Test
  void badInputAndUsage() throws Exception {
    Topics t = topics();
    String math = MATH.toString();
    CliTest.Result both = run(t, math, "--fun", "add", "--params", "[1]", "2");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("either as PARAMs or with --params");
    CliTest.Result inlineCid = run(t, "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", "--fun", "f",
        "--inline");
    assertThat(inlineCid.code()).isEqualTo(2);
    CliTest.Result neither = run(t, "nosuch.wasm", "--fun", "f");
    assertThat(neither.code()).isEqualTo(1);
    assertThat(neither.err()).isEqualTo("ipvm: no such file: nosuch.wasm" + System.lineSeparator());
    CliTest.Result notRaw = run(t, Cid.of(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0}).toString(), "--fun", "f");
    assertThat(notRaw.code()).isEqualTo(1);
    assertThat(notRaw.err()).contains("is not a raw block");
    CliTest.Result noFun = run(t, math);
    assertThat(noFun.code()).isEqualTo(2);
  }

  @Test
  void paramsAreDagJsonWhenTheyParseElseStrings() {
    assertThat(RunCommand.parseParam("1")).isEqualTo(Ipld.integer(1));
    assertThat(RunCommand.parseParam("-1")).isEqualTo(Ipld.integer(-1));
    assertThat(RunCommand.parseParam("2.5")).isEqualTo(new Ipld.Float(2.5));
    assertThat(RunCommand.parseParam("\"x\"")).isEqualTo(Ipld.text("x"));
    assertThat(RunCommand.parseParam("[1,2]")).isEqualTo(new Ipld.List(List.of(Ipld.integer(1), Ipld.integer(2))));
    assertThat(RunCommand.parseParam("{\"/\":\"bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e\"}"))
        .isEqualTo(Ipld.link(Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")));
    assertThat(RunCommand.parseParam("hello")).isEqualTo(Ipld.text("hello"));
    assertThat(RunCommand.parseParam("hello world")).isEqualTo(Ipld.text("hello world"));
    assertThat(RunCommand.parseParam("")).isEqualTo(Ipld.text(""));
  }
}
