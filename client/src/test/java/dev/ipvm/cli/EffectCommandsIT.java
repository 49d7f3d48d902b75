package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cli.kafka.EffectNonce;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm http} and {@code ipvm publish} in-process against a real broker. The executor is
 * the test stand-in {@link FakeExecutor}, which fakes the effects (nothing leaves the process) and
 * replays a Task ID it has seen: these tests check what the client publishes and prints.
 */
class EffectCommandsIT {
  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;
  Path key;
  @org.junit.jupiter.api.extension.RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  @BeforeEach
  void newKey() throws Exception {
    key = dir.resolve("me.pem");
    Signer.generate().save(key);
  }


  FakeExecutor executor(Topics t) {
    return executors.start(t);
  }

  /** {@code ipvm ARGS...} with the test's key and {@code --timeout 20}. */
  CliTest.Result signed(Topics t, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--key", key.toString(), "--timeout", "20"));
    return ipvm(t, all.toArray(String[]::new));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  // ---- http

  @Test
  void httpPostSendsTheRequestPrintsTheBodyAndTheSameNonceReplays() throws Exception {
    Topics t = TestDeployment.freshTopics("e", 1);
    FakeExecutor executor = executor(t);
    String[] post = {"http", "POST", "https://example.org/orders", "-H", "Content-Type: application/json",
        "-H", "X-Trace:  abc ", "--data", "{\"item\":42}"};

    CliTest.Result r = signed(t, post);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(executor.received).hasSize(1);
    Signed<Invocation> sent = executor.received.get(0);
    Invocation inv = sent.payload();
    assertThat(inv.cmd()).isEqualTo("/http/post");
    assertThat(inv.args()).isEqualTo(Ipld.Map.builder()
        .put("url", "https://example.org/orders")
        .put("headers", Ipld.Map.builder().put("content-type", "application/json").put("x-trace", "abc").build())
        .put("body", "{\"item\":42}")
        .build());
    assertThat(inv.nonce()).hasSize(EffectNonce.RANDOM_BYTES);
    assertThat(inv.iss()).isEqualTo(Signer.load(key).did().toString());
    // the nonce first, so that it is known even if the wait fails; then what the receipt says
    assertThat(r.err()).isEqualTo("nonce " + hex(inv.nonce()) + NL
        + "invocation " + sent.cid() + "  task " + inv.taskId() + "  executed" + NL
        + "HTTP 200" + NL);
    // the body exactly as received
    assertThat(r.text()).isEqualTo("POST https://example.org/orders\n{\"item\":42}");

    // the same nonce: the same Task ID, answered with the recorded outcome, not run again
    CliTest.Result again = signed(t, concat(post, "--nonce", hex(inv.nonce())));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(executor.received.get(1).payload().taskId()).isEqualTo(inv.taskId());
    assertThat(again.err()).startsWith("nonce " + hex(inv.nonce()) + NL)
        .contains("  task " + inv.taskId() + "  replay: recorded outcome, not run again (receipt bafyrei");
    assertThat(again.text()).isEqualTo(r.text());
    assertThat(executor.effectsRun).containsExactly(inv.taskId());

    // without --nonce: a new effect
    CliTest.Result fresh = signed(t, post);
    assertThat(fresh.code()).as(fresh.err()).isZero();
    Invocation third = executor.received.get(2).payload();
    assertThat(third.nonce()).isNotEqualTo(inv.nonce());
    assertThat(third.taskId()).isNotEqualTo(inv.taskId());
    assertThat(executor.effectsRun).hasSize(2);

    // the receipts listing marks the replay
    CliTest.Result receipts = ipvm(t, "receipts");
    assertThat(receipts.text().lines().filter(l -> l.endsWith(" (replay)"))).hasSize(1);
  }

  @Test
  void httpBodiesThatAreNotTextErrorStatusesAndJson() throws Exception {
    Topics t = TestDeployment.freshTopics("e", 1);
    FakeExecutor executor = executor(t);

    CliTest.Result binary = signed(t, "http", "get", "https://example.org/binary");
    assertThat(binary.code()).as(binary.err()).isZero();
    assertThat(binary.out()).isEmpty();
    assertThat(binary.err()).contains("HTTP 200" + NL + "body: 3 bytes, not UTF-8 text (--json shows them, base64)");
    assertThat(executor.received.get(0).payload().cmd()).isEqualTo("/http/get");
    assertThat(executor.received.get(0).payload().args())
        .isEqualTo(Ipld.Map.builder().put("url", "https://example.org/binary").build());

    CliTest.Result json = signed(t, "http", "get", "https://example.org/binary", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode receipt = new ObjectMapper().readTree(json.out());
    assertThat(receipt.get("out").get("ok").get("body").get("/").get("bytes").asText()).isEqualTo("/wD+");
    assertThat(receipt.get("out").get("ok").get("status").asInt()).isEqualTo(200);

    // a 4xx is an error receipt: exit 1, and the body shows what the server said
    CliTest.Result missing = signed(t, "http", "Delete", "https://example.org/status/404");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(executor.received.get(2).payload().cmd()).isEqualTo("/http/delete");
    assertThat(missing.err()).contains("  failed" + NL // not "executed": what happened is the error
        + "error: HttpStatus: DELETE https://example.org/status/404 answered 404" + NL + "HTTP 404" + NL)
        .doesNotContain("leave --nonce out"); // no --nonce given: running it again is already a new effect
    assertThat(missing.text()).isEqualTo("no such page");
    // with the same nonce the recorded error comes back, so then it says how to try again
    CliTest.Result same = signed(t, "http", "Delete", "https://example.org/status/404",
        "--nonce", hex(executor.received.get(2).payload().nonce()));
    assertThat(same.code()).isEqualTo(1);
    assertThat(same.err()).contains("replay: recorded outcome, not run again")
        .endsWith("ipvm: this outcome is recorded for the nonce; to try again, leave --nonce out (a new nonce is a"
            + " new effect)" + NL);

    // a body from a file travels as bytes
    Path file = dir.resolve("a.bin");
    Files.write(file, new byte[] {1, 2, 3});
    CliTest.Result put = signed(t, "http", "put", "https://example.org/a.bin", "--data-file", file.toString());
    assertThat(put.code()).as(put.err()).isZero();
    assertThat(executor.received.get(4).payload().args().get("body")).isEqualTo(Ipld.Bytes.of(new byte[] {1, 2, 3}));
  }

  @Test
  void httpUsageAndBadInputFailBeforeTheBrokerIsAsked() {
    String[] base = {"--key", "unused.pem", "--bootstrap", "127.0.0.1:1"};
    record Case(int code, String message, String... args) {}
    for (Case c : List.of(
        new Case(2, "METHOD must be get, post, put or delete, got 'patch'", "http", "patch", "https://example.org/"),
        new Case(2, "--data: a GET request has no body (use post or put)",
            "http", "get", "https://example.org/", "--data", "x"),
        new Case(2, "-H Idempotency-Key: the job sends the Task ID as Idempotency-Key; to retry a request, pass its"
            + " --nonce again", "http", "post", "https://example.org/", "-H", "Idempotency-Key: 1"),
        new Case(2, "-H must be 'Name: value', got 'nocolon'", "http", "post", "https://example.org/", "-H", "nocolon"),
        new Case(2, "-H accept is given twice",
            "http", "get", "https://example.org/", "-H", "Accept: a", "-H", "accept: b"),
        new Case(2, "mutually exclusive",
            "http", "post", "https://example.org/", "--data", "x", "--data-file", "f"),
        new Case(2, "--nonce must be hex", "http", "get", "https://example.org/", "--nonce", "xyz"),
        new Case(2, "--nonce must not be empty: an effect needs a nonce",
            "http", "get", "https://example.org/", "--nonce", ""),
        new Case(2, "--timeout must be positive", "http", "get", "https://example.org/", "--timeout", "0"),
        new Case(1, "ipvm: invalid /http/get request: args.url must be an http or https URL, got 'ftp://example.org/'",
            "http", "get", "ftp://example.org/"),
        new Case(2, "-H must be NAME=VALUE, got 'novalue'", "publish", "t", "v", "-H", "novalue"),
        new Case(2, "no such key file: unused.pem (-k/--key is the signing key; the record's key is --record-key)",
            "publish", "t", "v"),
        new Case(1, "ipvm: VALUE is not valid DAG-JSON (--dag-json): ", "publish", "t", "{", "--dag-json"))) {
      CliTest.Result r = CliTest.run("", concat(c.args(), base));
      assertThat(r.code()).as(String.join(" ", c.args()) + ": " + r.err()).isEqualTo(c.code());
      assertThat(r.err()).as(String.join(" ", c.args())).contains(c.message());
      assertThat(r.out()).isEmpty();
    }
    CliTest.Result badTopic = CliTest.run("", "publish", "a b", "v", "--bootstrap", "127.0.0.1:1");
    assertThat(badTopic.code()).isEqualTo(1);
    assertThat(badTopic.err()).isEqualTo("ipvm: invalid /kafka/publish request: args.topic 'a b' is not a legal"
        + " Kafka topic name" + NL);
  }

  // ---- publish

  @Test
  void publishSendsTheRecordAndTheSameNonceReplays() throws Exception {
    Topics t = TestDeployment.freshTopics("e", 1);
    FakeExecutor executor = executor(t);
    String[] publish = {"publish", "orders", "{\"item\": 42}", "--dag-json", "--record-key", "order-7",
        "-H", "source=cli", "-H", "v=a=b"};

    CliTest.Result r = signed(t, publish);
    assertThat(r.code()).as(r.err()).isZero();
    Signed<Invocation> sent = executor.received.get(0);
    Invocation inv = sent.payload();
    assertThat(inv.cmd()).isEqualTo("/kafka/publish");
    assertThat(inv.args()).isEqualTo(Ipld.Map.builder()
        .put("topic", "orders")
        .put("key", "order-7")
        .put("value", Ipld.Map.builder().put("item", 42).build())
        .put("headers", Ipld.Map.builder().put("source", "cli").put("v", "a=b").build())
        .build());
    assertThat(inv.nonce()).hasSize(EffectNonce.RANDOM_BYTES);
    assertThat(r.err()).isEqualTo("nonce " + hex(inv.nonce()) + NL
        + "invocation " + sent.cid() + "  task " + inv.taskId() + "  executed" + NL);
    assertThat(r.text()).isEqualTo("{\"bytes\":8,\"topic\":\"orders\"}" + NL); // a1 64 "item" 18 2a

    CliTest.Result again = signed(t, concat(publish, "--nonce", hex(inv.nonce())));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(executor.received.get(1).payload().taskId()).isEqualTo(inv.taskId());
    assertThat(again.err()).contains("replay: recorded outcome, not run again");
    assertThat(again.text()).isEqualTo(r.text());
    assertThat(executor.effectsRun).containsExactly(inv.taskId());

    // VALUE as text; a nonce of one's own choosing
    CliTest.Result text = signed(t, "publish", "greetings", "hello", "--nonce", "00ff");
    assertThat(text.code()).as(text.err()).isZero();
    Invocation third = executor.received.get(2).payload();
    assertThat(third.args()).isEqualTo(Ipld.Map.builder().put("topic", "greetings").put("value", "hello").build());
    assertThat(third.nonce()).containsExactly(0x00, 0xff);
    assertThat(text.err()).startsWith("nonce 00ff" + NL);
    assertThat(text.text()).isEqualTo("{\"bytes\":5,\"topic\":\"greetings\"}" + NL);
  }

  @Test
  void noReceiptInTimeExitsThreeAndSaysHowToRetrySafely() throws Exception {
    Topics t = TestDeployment.freshTopics("e", 1); // and no executor
    CliTest.Result r = ipvm(t, "http", "post", "https://example.org/", "--data", "x", "--key", key.toString(),
        "--timeout", "1");
    assertThat(r.code()).isEqualTo(Submission.EXIT_TIMEOUT);
    String nonce = r.err().lines().findFirst().orElseThrow();
    assertThat(nonce).matches("nonce [0-9a-f]{32}");
    assertThat(r.err()).contains("ipvm: no receipt for invocation bafyrei", "within 1 s",
        "To retry without the effect running twice, pass the same nonce: --" + nonce);
  }

  @Test
  void helpShowsExamples() {
    for (String cmd : List.of("http", "publish")) {
      CliTest.Result r = CliTest.run("", cmd, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.text()).contains("Usage: ipvm " + cmd, "Examples:", "--nonce", "--timeout", "--bootstrap");
    }
    assertThat(CliTest.run("", "--help").text()).contains("http", "publish");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
