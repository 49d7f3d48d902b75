package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cli.remote.RunCommand;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Effects;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.unixfs.UnixFs;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm put}, {@code run} and {@code receipts} in-process against a real broker. The
 * executor is {@link FakeExecutor}: these tests check the client's side of the contract.
 */
class KafkaCommandsIT {
  private static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  private static final Path MATH = SAMPLES.resolve("math.wasm");

  static LocalBroker broker;

  @TempDir
  Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.broker();
  }


  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("t", 1);
  }

  FakeExecutor executor(Topics t) {
    return executors.start(t);
  }

  /** Runs the CLI against the test broker, with the test's key unless one is given. */
  CliTest.Result ipvm(Topics t, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap");
    all.add(broker.bootstrap());
    all.add("--topic-prefix");
    all.add(t.invocations().substring(0, t.invocations().indexOf("ipvm.")));
    return CliTest.run("", all.toArray(String[]::new));
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

  // ---- put

  @Test
  void putPublishesARawBlockKeyedByItsCid() throws Exception {
    Topics t = topics();
    byte[] big = new byte[2 * 1024 * 1024]; // above Kafka's 1 MiB default: needs the producer and topic settings
    new Random(7).nextBytes(big);
    Path file = dir.resolve("big.bin");
    Files.write(file, big);

    CliTest.Result r = ipvm(t, "put", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Cid cid = Cid.parse(r.text().strip());
    assertThat(cid).isEqualTo(Cid.of(Multicodec.RAW, big));
    assertThat(r.text().strip()).startsWith("bafkrei");
    UnixFs.Imported imported = UnixFs.importFile(big);
    assertThat(r.err()).isEqualTo("unixfs " + imported.root() + System.lineSeparator());
    assertThat(r.err()).startsWith("unixfs bafybei");

    // the raw block, then the UnixFS blocks: 8 raw chunks and their dag-pb root, root last
    List<ConsumerRecord<String, byte[]>> records = readAll(t.blocks(), "read_uncommitted");
    assertThat(records).hasSize(1 + imported.blocks().size()).hasSize(10);
    assertThat(records.get(0).key()).isEqualTo(cid.toString());
    assertThat(records.get(records.size() - 1).key()).isEqualTo(imported.root().toString());
    Map<Cid, byte[]> blocks = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(Cid.parse(record.key()).verifies(record.value())).isTrue();
      blocks.put(Cid.parse(record.key()), record.value());
    }
    assertThat(UnixFs.reassemble(imported.root(), blocks::get)).isEqualTo(big);
  }

  @Test
  void putOfAOneChunkFileSaysItsUnixFsCidIsTheRawBlock() throws Exception {
    Topics t = topics();
    Path file = dir.resolve("small.txt");
    Files.writeString(file, "hello world");
    CliTest.Result r = ipvm(t, "put", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String raw = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    assertThat(r.text()).isEqualTo(raw + System.lineSeparator());
    assertThat(r.err()).isEqualTo("unixfs " + raw + " (one chunk: the raw block itself)" + System.lineSeparator());
    assertThat(readAll(t.blocks(), "read_uncommitted")).hasSize(1);
  }

  @Test
  void putRefusesFilesLargerThanABlock() throws Exception {
    Path file = dir.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(17L * 1024 * 1024); // sparse
    }
    CliTest.Result r = CliTest.run("", "put", "--bootstrap", "127.0.0.1:1", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ipvm: " + file + " is 17825792 bytes; a block is at most 16773120 bytes"
        + " (16 MiB less 4 KiB for the record around it)" + System.lineSeparator());
  }

  @Test
  void anUnreachableBrokerFailsFastWithOneLine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Files.writeString(dir.resolve("a.txt"), "a");
    Signer.generate().save(dir.resolve("k.pem"));
    for (String[] args : List.of(
        new String[] {"put", dir.resolve("a.txt").toString()},
        new String[] {"run", "--key", dir.resolve("k.pem").toString(), MATH.toString(), "--fun", "add", "1", "2"},
        new String[] {"receipts"})) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--bootstrap", "127.0.0.1:" + closed));
      long start = System.nanoTime();
      CliTest.Result r = CliTest.run("", all.toArray(String[]::new));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).startsWith("ipvm: cannot reach the Kafka broker at 127.0.0.1:" + closed + " (")
          .contains("is `ipvm dev` running?");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    CliTest.Result bad = CliTest.run("", "receipts", "--bootstrap", "localhost");
    assertThat(bad.err()).isEqualTo("ipvm: --bootstrap must be HOST:PORT[,HOST:PORT...], got 'localhost'"
        + System.lineSeparator());
  }

  @Test
  void aMissingTopicIsNamed() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a");
    CliTest.Result r = CliTest.run("", "put", dir.resolve("a.txt").toString(), "--bootstrap", broker.bootstrap(),
        "--topic-prefix", "nothing.");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("ipvm: topic nothing.ipvm.blocks does not exist on " + broker.bootstrap()
        + ": the job creates its topics when it starts");
  }

  // ---- run

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
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
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
    assertThat(neither.err()).isEqualTo("ipvm: MODULE 'nosuch.wasm' is neither a file nor a CID" + System.lineSeparator());
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

  // ---- receipts

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
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
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

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      return out;
    }
  }
}
