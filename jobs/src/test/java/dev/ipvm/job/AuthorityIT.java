package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.authority.Revocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invocations on the executor's behalf: users holding a delegation from the executor's key
 * invoke with subject = the executor's DID, the delegation in a {@code ucan-proof} header. Two
 * such users asking the same pure question share one Task ID and one memo entry; an invocation
 * without authority gets a receipt naming the exact failure and never runs.
 */
class AuthorityIT {
  static JobHarness h;
  static JobHarness.Reader receipts;
  static Cid math;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness().start(); // authority.subjects = self,executor (the default)
    math = h.putBlock(JobHarness.sample("math.wasm"));
    receipts = h.reader(h.topics.receipts());
  }

  @AfterAll
  static void stop() throws Exception {
    receipts.close();
    h.close();
  }

  static String executor() {
    return h.executor.did().toString();
  }

  /** A delegation from the executor's key (the root: its subject is the executor) to {@code to}. */
  static Signed<Delegation> grant(Signer to, String cmd, Ipld.List pol, Long exp) {
    return Signed.sign(h.executor, new Delegation(executor(), to.did().toString(), executor(), cmd, pol,
        new byte[] {1, 2, 3}, null, null, exp));
  }

  static Signed<Invocation> add(Signer who, int a, int b, List<Signed<Delegation>> chain) {
    return Signed.sign(who, Invocation.builder().iss(who.did().toString()).sub(executor())
        .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
            List.of(Ipld.integer(a), Ipld.integer(b))).toArgs())
        .prf(chain.stream().map(Signed::cid).toList())
        .emptyNonce().iat(System.nanoTime()).build());
  }

  static void publish(Signed<Invocation> inv, List<Signed<Delegation>> headers) throws Exception {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(h.topics.invocations(), inv.bytes());
    for (Signed<Delegation> d : headers) {
      r.headers().add(new RecordHeader(Headers.PROOF, d.bytes()));
    }
    h.producer.send(r).get();
  }

  @Test
  void twoUsersDelegatedByTheExecutorShareOneTaskIdAndOneMemoEntry() throws Exception {
    Signer alice = Signer.generate();
    Signer bob = Signer.generate();
    Signed<Delegation> toAlice = grant(alice, "/wasm", Ipld.list(), null);
    Signed<Delegation> toBob = grant(bob, "/", Ipld.list(), null);
    Signed<Invocation> byAlice = add(alice, 300, 7, List.of(toAlice));
    Signed<Invocation> byBob = add(bob, 300, 7, List.of(toBob));
    assertThat(byAlice.payload().taskId()).as("the Task ID covers sub, cmd, args, nonce: not who asks")
        .isEqualTo(byBob.payload().taskId());

    long executions = CollectingReporter.sum("executions");
    publish(byAlice, List.of(toAlice));
    Receipt first = JobHarness.receipt(receipts.receiptFor(byAlice)).payload();
    assertThat(first.out()).isEqualTo(new Outcome.Ok(Ipld.integer(307)));
    publish(byBob, List.of(toBob));
    Receipt second = JobHarness.receipt(receipts.receiptFor(byBob)).payload();
    assertThat(second.out()).isEqualTo(new Outcome.Ok(Ipld.integer(307)));
    assertThat(second.meta().get("memo")).as("Bob's answer is Alice's memo entry").isNotNull();
    assertThat(CollectingReporter.sum("executions") - executions).as("one execution for both").isEqualTo(1);
  }

  /** Publishes to an authority topic, then waits until every intake instance has taken it. */
  static void publishCredential(String topic, Signed<?> token, Cid key, List<Signed<Delegation>> headers,
      String metric) throws Exception {
    long before = CollectingReporter.sum(metric);
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.toString().getBytes(), token.bytes());
    for (Signed<Delegation> d : headers) {
      r.headers().add(new RecordHeader(Headers.PROOF, d.bytes()));
    }
    h.producer.send(r).get();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (CollectingReporter.sum(metric) - before < h.config.parallelism()) {
      assertThat(System.nanoTime()).as("%s taken by every intake instance", metric).isLessThan(end);
      Thread.sleep(50);
    }
  }

  static Signed<Invocation> revocation(Signer by, Signed<Delegation> revoked, List<Signed<Delegation>> prf) {
    return Signed.sign(by, Revocation.builder(by.did().toString(), revoked.cid(),
        prf.stream().map(Signed::cid).toList()).emptyNonce().build());
  }

  static String errorName(Signed<Invocation> inv) {
    Receipt r = JobHarness.receipt(receipts.receiptFor(inv)).payload();
    return r.out() instanceof Outcome.Error e ? e.name() : "ok " + ((Outcome.Ok) r.out()).value();
  }

  @Test
  void aPublishedDelegationProvesByCidAndARevocationEndsItAndItsMemoFromThatMoment() throws Exception {
    Signer dave = Signer.generate();
    Signed<Delegation> toDave = grant(dave, "/wasm", Ipld.list(), null);
    publishCredential(h.topics.delegations(), toDave, toDave.cid(), List.of(), "delegationsRead");
    Signed<Invocation> asked = add(dave, 500, 1, List.of(toDave));
    publish(asked, List.of()); // no header: the executor knows the delegation by its CID
    assertThat(errorName(asked)).isEqualTo("ok 501");

    // Erin holds a delegation from the executor and passes it on to Frank
    Signer erin = Signer.generate();
    Signer frank = Signer.generate();
    Signed<Delegation> toErin = grant(erin, "/wasm", Ipld.list(), null);
    Signed<Delegation> toFrank = Signed.sign(erin, new Delegation(erin.did().toString(), frank.did().toString(),
        executor(), "/wasm/run", Ipld.list(), new byte[] {4}, null, null, null));
    Signed<Invocation> byFrank = add(frank, 600, 1, List.of(toErin, toFrank));
    publish(byFrank, List.of(toErin, toFrank));
    assertThat(errorName(byFrank)).isEqualTo("ok 601");

    // a stranger cannot revoke what is not theirs: the record goes to the DLQ, the grant holds
    Signer stranger = Signer.generate();
    try (JobHarness.Reader dlq = h.reader(h.topics.dlq())) {
      h.producer.send(new ProducerRecord<>(h.topics.revocations(), toDave.cid().toString().getBytes(),
          revocation(stranger, toDave, List.of()).bytes())).get();
      var bad = dlq.read(1, Duration.ofSeconds(60));
      assertThat(bad).singleElement().satisfies(r -> {
        assertThat(JobHarness.header(r, Headers.REASON)).isEqualTo("InvalidRevocation");
        assertThat(JobHarness.header(r, Headers.MESSAGE)).contains("did not issue");
      });
    }

    // the executor revokes Dave's grant (its own), and Frank's (issued by Erin, below the executor's)
    publishCredential(h.topics.revocations(), revocation(h.executor, toDave, List.of()), toDave.cid(),
        List.of(toDave), "revocationsRead");
    publishCredential(h.topics.revocations(), revocation(h.executor, toFrank, List.of(toErin, toFrank)),
        toFrank.cid(), List.of(toErin, toFrank), "revocationsRead");

    long executions = CollectingReporter.sum("executions");
    Signed<Invocation> again = add(dave, 500, 1, List.of(toDave)); // the same Task ID: a memo hit, if it ran
    assertThat(again.payload().taskId()).isEqualTo(asked.payload().taskId());
    publish(again, List.of(toDave));
    assertThat(errorName(again)).as("the memo is not revealed without authority").isEqualTo("Revoked");
    Signed<Invocation> frankAgain = add(frank, 600, 2, List.of(toErin, toFrank));
    publish(frankAgain, List.of(toErin, toFrank));
    assertThat(errorName(frankAgain)).isEqualTo("Revoked");
    Signed<Invocation> erinStill = add(erin, 600, 3, List.of(toErin));
    publish(erinStill, List.of(toErin));
    assertThat(errorName(erinStill)).as("Erin's own grant stands").isEqualTo("ok 603");
    assertThat(CollectingReporter.sum("executions") - executions).as("only Erin's ran").isEqualTo(1);
  }

  @Test
  void anInvocationWithoutAuthorityGetsItsNamedFailureAndNeverRuns() throws Exception {
    Signer carol = Signer.generate();
    Signer stranger = Signer.generate();
    Signed<Delegation> ok = grant(carol, "/wasm/run", Ipld.list(), null);
    Signed<Delegation> httpOnly = grant(carol, "/http", Ipld.list(), null);
    Signed<Delegation> onlyFib = grant(carol, "/wasm/run",
        Ipld.list(Ipld.list(Ipld.text("=="), Ipld.text(".fun"), Ipld.text("fib"))), null);
    Signed<Delegation> expired = grant(carol, "/wasm/run", Ipld.list(), 1_000_000_000L);
    // a valid chain, but from a subject this executor does not serve
    Signed<Delegation> foreign = Signed.sign(stranger, new Delegation(stranger.did().toString(),
        carol.did().toString(), stranger.did().toString(), "/", Ipld.list(), new byte[] {1}, null, null, null));
    Signed<Invocation> foreignInv = Signed.sign(carol, Invocation.builder().iss(carol.did().toString())
        .sub(stranger.did().toString()).cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Linked(math),
            "add", List.of(Ipld.integer(1), Ipld.integer(1))).toArgs())
        .prf(List.of(foreign.cid())).emptyNonce().iat(System.nanoTime()).build());

    Map<Signed<Invocation>, String> expected = new LinkedHashMap<>();
    List<List<Signed<Delegation>>> headers = new ArrayList<>();
    expected.put(add(carol, 1, 2, List.of(ok)), "UnavailableProof");
    headers.add(List.of()); // the proof named in prf is not sent
    expected.put(add(carol, 1, 3, List.of(httpOnly)), "CommandNotDelegated");
    headers.add(List.of(httpOnly));
    expected.put(add(carol, 1, 4, List.of(onlyFib)), "PolicyViolation");
    headers.add(List.of(onlyFib));
    expected.put(add(carol, 1, 5, List.of(expired)), "Expired");
    headers.add(List.of(expired));
    expected.put(add(carol, 1, 6, List.of()), "NoAuthority");
    headers.add(List.of());
    expected.put(foreignInv, "Unauthorized");
    headers.add(List.of(foreign));

    long executions = CollectingReporter.sum("executions");
    int i = 0;
    for (Signed<Invocation> inv : expected.keySet()) {
      publish(inv, headers.get(i++));
    }
    Map<String, String> got = new LinkedHashMap<>();
    for (var r : receipts.receiptsFor(expected.keySet().stream().map(s -> s.cid().toString()).toList(),
        Duration.ofSeconds(60), Duration.ofSeconds(1))) {
      Receipt receipt = JobHarness.receipt(r).payload();
      got.put(JobHarness.key(r), ((Outcome.Error) receipt.out()).name());
    }
    Map<String, String> want = new LinkedHashMap<>();
    expected.forEach((inv, name) -> want.put(inv.cid().toString(), name));
    assertThat(got).containsExactlyInAnyOrderEntriesOf(want);
    assertThat(CollectingReporter.sum("executions") - executions).as("nothing ran").isZero();

    // the same user with the right proof is served
    Signed<Invocation> served = add(carol, 40, 2, List.of(ok));
    publish(served, List.of(ok));
    assertThat(JobHarness.receipt(receipts.receiptFor(served)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
  }
}
