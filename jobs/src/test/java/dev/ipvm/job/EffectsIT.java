package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.task.WasmRun;
import dev.ipvm.testing.IdempotentServer;
import dev.ipvm.testing.TestTopics;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Effects against a real HTTP server and a real topic: at most once per Task ID, the Task ID as
 * Idempotency-Key, a replay answered from the journal, a new nonce running again, denied
 * destinations never contacted, and a pure function whose effect request runs and is awaited.
 */
class EffectsIT {
  static final String OUT_PREFIX = "fx-out-" + UUID.randomUUID().toString().substring(0, 6) + "-";
  static final String OUT = OUT_PREFIX + "orders";
  static IdempotentServer server;
  static IdempotentServer elsewhere;
  static JobHarness h;
  static JobHarness.Reader receipts;

  @BeforeAll
  static void start() throws Exception {
    server = new IdempotentServer();
    elsewhere = new IdempotentServer(); // same host, another port: not in the allowlist
    h = new JobHarness(b -> b.effects(b.effects()
        .withHttp("127.0.0.1:" + server.port(), true)
        .withKafkaAllow(OUT_PREFIX + "*")
        .withHttpTiming(Duration.ofSeconds(5), 2, Duration.ofMillis(50)))).start();
    createTopic(h.bootstrap, OUT);
    receipts = h.reader(h.topics.receipts());
  }

  @AfterAll
  static void stop() throws Exception {
    receipts.close();
    h.close();
    server.close();
    elsewhere.close();
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    TestTopics.create(bootstrap, new NewTopic(topic, 2, (short) 1));
  }

  static byte[] nonce() {
    byte[] n = new byte[12];
    new SecureRandom().nextBytes(n);
    return n;
  }

  static Ipld.Map post(String url, String body) {
    return Ipld.Map.builder().put("url", url)
        .put("headers", Ipld.Map.builder().put("content-type", "application/json").build())
        .put("body", body).build();
  }

  static Ipld.Map okMap(Receipt r) {
    assertThat(r.out()).as("outcome %s", r.out()).isInstanceOf(Outcome.Ok.class);
    return (Ipld.Map) ((Outcome.Ok) r.out()).value();
  }

  static String errorName(Receipt r) {
    assertThat(r.out()).as("outcome %s", r.out()).isInstanceOf(Outcome.Error.class);
    return ((Outcome.Error) r.out()).name();
  }

  /** A user's POST on the executor's behalf, by a delegation from its key with {@code policy}. */
  static Signed<Invocation> postBy(Signer user, Signed<Delegation> grant, String url) {
    return Signed.sign(user, Invocation.builder().iss(user.did().toString()).sub(h.executor.did().toString())
        .cmd("/http/post").args(post(url, "{}")).nonce(nonce()).prf(List.of(grant.cid())).build());
  }

  @Test
  void aDelegationsPolicyNarrowsTheDestinationsAndTheExecutorsAllowlistStillApplies() throws Exception {
    Signer user = Signer.generate();
    String executor = h.executor.did().toString();
    Signed<Delegation> ordersOnly = Signed.sign(h.executor, new Delegation(executor, user.did().toString(), executor,
        "/http", Ipld.list(Ipld.list(Ipld.text("like"), Ipld.text(".url"), Ipld.text(server.url("/orders/*")))),
        nonce(), null, null, null));
    Signed<Delegation> anyLocal = Signed.sign(h.executor, new Delegation(executor, user.did().toString(), executor,
        "/http", Ipld.list(Ipld.list(Ipld.text("like"), Ipld.text(".url"), Ipld.text("http://127.0.0.1:*"))),
        nonce(), null, null, null));
    Map<Signed<Invocation>, String> cases = new LinkedHashMap<>();
    cases.put(postBy(user, ordersOnly, server.url("/orders/7")), "ok");
    cases.put(postBy(user, ordersOnly, server.url("/admin")), "PolicyViolation");
    cases.put(postBy(user, anyLocal, elsewhere.url("/orders/1")), "DestinationDenied"); // policy yes, allowlist no
    for (var inv : cases.keySet()) {
      var record = new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(h.topics.invocations(),
          inv.bytes());
      Signed<Delegation> proof = inv.payload().prf().get(0).equals(ordersOnly.cid()) ? ordersOnly : anyLocal;
      record.headers().add(Headers.PROOF, proof.bytes());
      h.producer.send(record).get();
    }
    Map<String, String> want = new LinkedHashMap<>();
    cases.forEach((inv, name) -> want.put(inv.cid().toString(), name));
    Map<String, String> got = new LinkedHashMap<>();
    for (var rec : receipts.receiptsFor(want.keySet(), Duration.ofSeconds(60), Duration.ZERO)) {
      Receipt r = JobHarness.receipt(rec).payload();
      got.put(JobHarness.key(rec), r.out() instanceof Outcome.Error e ? e.name() : "ok");
    }
    assertThat(got).containsExactlyInAnyOrderEntriesOf(want);
    var refused = cases.keySet().stream().skip(1).map(i -> i.payload().taskId().toString()).toList();
    for (String task : refused) {
      assertThat(server.requestsWithKey(task)).isEmpty();
      assertThat(elsewhere.requestsWithKey(task)).as("never contacted").isEmpty();
    }
  }

  @Test
  void anEffectRunsOncePerTaskIdAndANewNonceRunsItAgain() throws Exception {
    byte[] nonce = nonce();
    Ipld.Map args = post(server.url("/orders"), "{\"sku\":1}");
    Signed<Invocation> first = h.invocation("/http/post", args, nonce);
    h.publish(first);
    Signed<Receipt> r1 = JobHarness.receipt(receipts.receiptFor(first));
    Ipld.Map ok = okMap(r1.payload());
    assertThat(ok.get("status")).isEqualTo(Ipld.integer(201));
    assertThat(new String(((Ipld.Bytes) ok.get("body")).toByteArray(), StandardCharsets.UTF_8)).contains("\"applied\"");
    assertThat(((Ipld.Map) ok.get("headers")).get("content-type")).isEqualTo(Ipld.text("application/json"));
    String key = first.payload().taskId().toString();
    assertThat(server.requestsWithKey(key)).singleElement()
        .satisfies(rq -> assertThat(rq.method()).isEqualTo("POST"))
        .satisfies(rq -> assertThat(rq.body()).isEqualTo("{\"sku\":1}"));

    // The same invocation again, and another envelope of the same task: answered, not run.
    Signed<Invocation> sameTask = h.invocation("/http/post", args, nonce);
    assertThat(sameTask.payload().taskId()).isEqualTo(first.payload().taskId());
    h.publish(first);
    h.publish(sameTask);
    List<ConsumerRecord<byte[], byte[]>> replays = receipts.receiptsFor(
        List.of(first.cid().toString(), sameTask.cid().toString()), Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(replays).hasSize(2);
    for (ConsumerRecord<byte[], byte[]> rec : replays) {
      Receipt r = JobHarness.receipt(rec).payload();
      assertThat(r.out()).isEqualTo(r1.payload().out());
      assertThat(r.meta().get("replay")).isEqualTo(Ipld.link(r1.cid()));
    }
    assertThat(server.requestsWithKey(key)).as("a replay sends nothing").hasSize(1);

    // A new nonce is a new effect: it runs, under its own key.
    Signed<Invocation> again = h.invocation("/http/post", args, nonce());
    h.publish(again);
    okMap(JobHarness.receipt(receipts.receiptFor(again)).payload());
    assertThat(server.requestsWithKey(again.payload().taskId().toString())).hasSize(1);
    assertThat(server.applied.get(key).get()).isEqualTo(1);
  }

  @Test
  void concurrentDuplicatesOfAnEffectShareItsOneRun() throws Exception {
    byte[] nonce = nonce();
    Ipld.Map args = post(server.url("/burst"), "{\"sku\":2}");
    List<Signed<Invocation>> copies = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      copies.add(h.invocation("/http/post", args, nonce)); // six envelopes of one task
    }
    for (Signed<Invocation> c : copies) {
      h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.invocations(), c.bytes()));
    }
    h.producer.flush();
    List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(copies.stream().map(c -> c.cid().toString()).toList(),
        Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(got).hasSize(6);
    List<Receipt> rs = got.stream().map(rec -> JobHarness.receipt(rec).payload()).toList();
    assertThat(rs).allSatisfy(r -> assertThat(r.out()).isEqualTo(rs.get(0).out()));
    assertThat(rs.stream().filter(r -> r.meta().get("replay") == null)).as("one receipt of the run itself").hasSize(1);
    assertThat(server.requestsWithKey(copies.get(0).payload().taskId().toString())).hasSize(1);
  }

  @Test
  void deniedDestinationsGetAnErrorReceiptAndNoRequestIsSent() throws Exception {
    Signed<Invocation> otherPort = h.invocation("/http/get",
        Ipld.Map.builder().put("url", elsewhere.url("/secret")).build(), nonce());
    Signed<Invocation> notAllowedTopic = h.invocation("/kafka/publish",
        Ipld.Map.builder().put("topic", "somewhere-else").put("value", "x").build(), nonce());
    Signed<Invocation> ownTopic = h.invocation("/kafka/publish",
        Ipld.Map.builder().put("topic", h.topics.receipts()).put("value", "forged").build(), nonce());
    Signed<Invocation> missingTopic = h.invocation("/kafka/publish",
        Ipld.Map.builder().put("topic", OUT_PREFIX + "missing").put("value", "x").build(), nonce());
    Signed<Invocation> badArgs = h.invocation("/http/post",
        Ipld.Map.builder().put("url", "ftp://127.0.0.1/x").build(), nonce());
    Map<Signed<Invocation>, String> expected = new LinkedHashMap<>();
    expected.put(otherPort, "DestinationDenied");
    expected.put(notAllowedTopic, "DestinationDenied");
    expected.put(ownTopic, "DestinationDenied");
    expected.put(missingTopic, "UnknownTopic");
    expected.put(badArgs, "InvalidArgs");
    for (Signed<Invocation> inv : expected.keySet()) {
      h.publish(inv);
    }
    // one read for all: the reader skips receipts it is not waiting for
    Map<String, Receipt> got = receipts.receiptsFor(expected.keySet().stream().map(s -> s.cid().toString()).toList(),
        Duration.ofSeconds(60), Duration.ZERO).stream()
        .collect(Collectors.toMap(JobHarness::key, rec -> JobHarness.receipt(rec).payload()));
    expected.forEach((inv, error) -> assertThat(errorName(got.get(inv.cid().toString()))).as(inv.payload().cmd())
        .isEqualTo(error));
    assertThat(elsewhere.requests()).as("nothing reached the server that is not allowed").isEmpty();
  }

  @Test
  void aPublishWritesOneRecordWithItsReceipt() throws Exception {
    Signed<Invocation> pub = h.invocation("/kafka/publish", Ipld.Map.builder().put("topic", OUT)
        .put("key", "order-7").put("value", Ipld.Map.builder().put("total", 650).build()).build(), nonce());
    h.publish(pub);
    Receipt r = JobHarness.receipt(receipts.receiptFor(pub)).payload();
    assertThat(okMap(r).get("topic")).isEqualTo(Ipld.text(OUT));
    h.publish(pub); // a replay: answered from the journal, nothing published again
    assertThat(JobHarness.receipt(receipts.receiptFor(pub)).payload().meta().get("replay")).isNotNull();
    try (JobHarness.Reader out = h.reader(OUT)) {
      List<ConsumerRecord<byte[], byte[]>> records = out.drain(Duration.ofSeconds(2)).stream()
          .filter(rec -> pub.payload().taskId().toString().equals(JobHarness.header(rec, Headers.TASK))).toList();
      assertThat(records).singleElement().satisfies(rec -> {
        assertThat(JobHarness.key(rec)).isEqualTo("order-7");
        assertThat(dev.ipvm.dagcbor.DagCbor.decode(rec.value())).isEqualTo(Ipld.Map.builder().put("total", 650).build());
        assertThat(JobHarness.header(rec, Headers.CONTENT_TYPE)).isEqualTo(Headers.DAG_CBOR);
      });
    }
  }

  @Test
  void aPureFunctionRequestsAnEffectAndADependentAwaitsItsOutcome() throws Exception {
    Cid order = h.putBlock(JobHarness.sample("order.wasm"));
    Cid echo = h.putBlock(AwaitIT.ECHO);
    Ipld items = Ipld.list(Ipld.list(Ipld.integer(300), Ipld.integer(2)), Ipld.list(Ipld.integer(50), Ipld.integer(1)));
    Signed<Invocation> checkout = h.invocation(order, "checkout", Ipld.text(server.url("/charge")), items);
    Signed<Invocation> dependent = h.invocation(new WasmRun(new WasmRun.ModuleRef.Linked(echo), "echo",
        List.of(new Await(Await.Kind.OK, checkout.payload().taskId()).toIpld())), null);
    h.publish(dependent); // first: it waits for the checkout, then for the effect the checkout hands on to
    h.publish(checkout);

    Signed<Receipt> checkoutReceipt = JobHarness.receipt(receipts.receiptFor(checkout));
    Receipt c = checkoutReceipt.payload();
    assertThat(c.out()).as("the function's own result").isEqualTo(new Outcome.Ok(Ipld.integer(650)));
    assertThat(c.fx().fork()).isEmpty();
    Cid join = c.fx().join();
    assertThat(join).as("the POST the function asked for").isNotNull();

    Receipt d = JobHarness.receipt(receipts.receiptFor(dependent)).payload();
    Ipld.Map posted = (Ipld.Map) ((Ipld.List) ((Outcome.Ok) d.out()).value()).get(0);
    assertThat(posted.get("status")).as("the dependent got the POST's outcome").isEqualTo(Ipld.integer(201));
    assertThat(server.requestsWithKey(join.toString())).singleElement().satisfies(rq -> {
      assertThat(rq.path()).isEqualTo("/charge");
      assertThat(rq.body()).isEqualTo("{\"total\":650}");
    });

    // The effect's invocation is on the invocations topic, issued and signed by the executor,
    // caused by the checkout's receipt.
    try (JobHarness.Reader invs = h.reader(h.topics.invocations())) {
      List<Invocation> issued = invs.drain(Duration.ofSeconds(2)).stream()
          .map(rec -> Invocation.decode(rec.value()))
          .filter(s -> s.payload().taskId().equals(join))
          .map(s -> s.verify().payload()).toList();
      assertThat(issued).singleElement().satisfies(inv -> {
        assertThat(inv.iss()).isEqualTo(h.executor.did().toString());
        assertThat(inv.cmd()).isEqualTo("/http/post");
        assertThat(inv.cause()).isEqualTo(checkoutReceipt.cid());
      });
    }

    // The checkout again is a memo hit naming the same effect, which does not run again.
    Signed<Invocation> checkoutAgain = h.invocation(order, "checkout", Ipld.text(server.url("/charge")), items);
    h.publish(checkoutAgain);
    Receipt again = JobHarness.receipt(receipts.receiptFor(checkoutAgain)).payload();
    assertThat(again.meta().get("memo")).isNotNull();
    assertThat(again.fx().join()).isEqualTo(join);
    Thread.sleep(2000);
    assertThat(server.requestsWithKey(join.toString())).hasSize(1);

    // fork: the function's result answers its awaits; the POST runs alongside.
    Signed<Invocation> notify = h.invocation(order, "checkout_notify", Ipld.text(server.url("/notify")), items);
    h.publish(notify);
    Receipt n = JobHarness.receipt(receipts.receiptFor(notify)).payload();
    assertThat(n.out()).isEqualTo(new Outcome.Ok(Ipld.integer(650)));
    assertThat(n.fx().join()).isNull();
    Cid forked = n.fx().fork().get(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.requestsWithKey(forked.toString()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(server.requestsWithKey(forked.toString())).singleElement()
        .satisfies(rq -> assertThat(rq.path()).isEqualTo("/notify"));
  }
}
