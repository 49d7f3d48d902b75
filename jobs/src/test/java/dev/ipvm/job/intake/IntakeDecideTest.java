package dev.ipvm.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.wasm.Limits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Intake#decide} makes of one invocation record: task events, an error receipt, or
 * a DLQ record. The intake is opened in Flink's broadcast test harness: its receipts are signed
 * by the issuer that {@code open()} creates.
 */
class IntakeDecideTest {
  static final long NOW_S = 1_800_000_000L;
  static final long NOW_MS = NOW_S * 1000 + 123;
  static final int MAX_BYTES = 2048;
  static final int MAX_DEPTH = 8;
  static final Cid MODULE = Cid.of(Multicodec.RAW, new byte[] {0, 'a', 's', 'm'});

  final Signer executor = Signer.generate();
  final Signer user = Signer.generate();
  JobConfig config;
  Intake intake;
  BroadcastOperatorTestHarness<InboundRecord, InboundRecord, TaskEvent> harness;

  @BeforeEach
  void open() throws Exception {
    config = JobConfig.builder().bootstrap("no-broker-in-unit-tests").executorKeyPem(executor.toPem())
        .checkpointDir("unused-by-unit-tests").maxInvocationBytes(MAX_BYTES).maxArgsDepth(MAX_DEPTH).build();
    intake = new Intake(config);
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(intake,
        Intake.BROADCAST_STATE.toArray(new MapStateDescriptor<?, ?>[0]));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  static Ipld.Map run(Ipld... params) {
    return new WasmRun(new WasmRun.ModuleRef.Linked(MODULE), "f", List.of(params)).toArgs();
  }

  Invocation.Builder by(Signer who, String sub) {
    return Invocation.builder().iss(who.did().toString()).sub(sub).cmd(WasmRun.COMMAND).args(run()).emptyNonce()
        .iat(NOW_S);
  }

  /** A self-issued invocation by the user (served: authority.subjects is self,executor by default). */
  Invocation.Builder own() {
    return by(user, user.did().toString());
  }

  Signed<Invocation> signed(Invocation.Builder b) {
    return Signed.sign(user, b.build());
  }

  static InboundRecord record(byte[] value, String contentType, byte[] proofs) {
    return new InboundRecord("invocations", 0, 7, new byte[0], value, contentType, proofs);
  }

  Intake.Decision decide(byte[] value) {
    return decide(record(value, "", new byte[0]), c -> Optional.empty(), c -> false);
  }

  Intake.Decision decide(InboundRecord in, Function<Cid, Optional<Signed<Delegation>>> known, Predicate<Cid> revoked) {
    Intake.Decision d = intake.decide(in, NOW_MS, known, revoked);
    int set = (d.events() != null ? 1 : 0) + (d.receipt() != null ? 1 : 0) + (d.dlqReason() != null ? 1 : 0);
    assertThat(set).as("exactly one outcome: " + d).isEqualTo(1);
    return d;
  }

  /** The invoke of an accepted record. */
  static Invoke invoke(Intake.Decision d) {
    assertThat(d.events()).as("accepted: " + d).isNotNull();
    assertThat(d.events().get(0).kind()).isEqualTo(TaskEvent.Kind.INVOKE);
    return Invoke.decode(d.events().get(0).body());
  }

  /** The error receipt of a refused envelope, checked to be the executor's and keyed by the invocation. */
  Receipt receipt(Intake.Decision d, Cid ran) {
    assertThat(d.receipt()).as("a receipt: " + d).isNotNull();
    Signed<Receipt> r = Receipt.decode(d.receipt().value()).verify();
    assertThat(r.payload().iss()).isEqualTo(executor.did().toString());
    assertThat(r.payload().ran()).isEqualTo(ran);
    assertThat(d.receipt().keyText()).isEqualTo(ran.toString());
    assertThat(d.receipt().error()).isEqualTo(((Outcome.Error) r.payload().out()).name());
    return r.payload();
  }

  static String error(Receipt r) {
    return ((Outcome.Error) r.out()).name();
  }

  @Test
  void aValidInvocationBecomesAnInvokeWithItsLimitsCappedByTheMaxima() {
    Ipld.Map meta = Ipld.Map.builder().put("fuel", 5_000).put("memory", Long.MAX_VALUE / 2).build();
    Signed<Invocation> inv = signed(own().meta(meta));
    Invoke i = invoke(decide(inv.bytes()));
    assertThat(i.taskId()).isEqualTo(inv.payload().taskId());
    assertThat(i.invocation()).as("the receipt's ran").isEqualTo(inv.cid());
    assertThat(i.cmd()).isEqualTo(Command.WASM_RUN);
    assertThat(i.args()).isEqualTo(run());
    assertThat(i.tenant()).isEqualTo(user.did().toString());
    assertThat(i.receivedMillis()).isEqualTo(NOW_MS);
    Limits d = config.defaults();
    assertThat(i.limits())
        .isEqualTo(new Limits(5_000, config.maxima().memoryBytes(), d.time(), d.outputBytes()));
  }

  @Test
  void anInvocationThatAwaitsOthersRegistersWithEachAwaitedTaskOnce() {
    Cid t1 = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
    Cid t2 = Cid.of(Multicodec.DAG_CBOR, new byte[] {2});
    Signed<Invocation> inv = signed(own().args(run(new Await(Await.Kind.OK, t1).toIpld(),
        Ipld.list(new Await(Await.Kind.ANY, t2).toIpld(), new Await(Await.Kind.ERROR, t1).toIpld()))));
    Intake.Decision d = decide(inv.bytes());
    Cid task = invoke(d).taskId();
    assertThat(d.events().subList(1, d.events().size())).containsExactly(
        TaskEvent.of(new Awaiting(t1, task)), TaskEvent.of(new Awaiting(t2, task)));
    assertThat(d.events().get(1).taskId()).as("keyed by the awaited task").isEqualTo(t1.toString());
  }

  @Test
  void aRecordLargerThanMaxInvocationBytesGoesToTheDlqBeforeItIsDecoded() {
    Intake.Decision d = decide(new byte[MAX_BYTES + 1]);
    assertThat(d.dlqReason()).isEqualTo("TooLarge");
    assertThat(d.dlqMessage()).contains("max.invocation.bytes");
    assertThat(decide(new byte[MAX_BYTES]).dlqReason()).as("at the limit it is decoded").isEqualTo("InvalidDagCbor");
  }

  @Test
  void bytesThatAreNotStrictDagCborGoToTheDlqNamingWhere() {
    Intake.Decision d = decide(new byte[] {0x18, 0x01}); // 1 in two bytes: not the shortest form
    assertThat(d.dlqReason()).isEqualTo("InvalidDagCbor");
    assertThat(d.dlqMessage()).contains("at byte");
    assertThat(decide(DagCbor.encode(Ipld.integer(1))).dlqReason()).as("DAG-CBOR, but no envelope")
        .isEqualTo("MalformedEnvelope");
  }

  @Test
  void dagJsonIsAcceptedAsTheSameInvocation() {
    Signed<Invocation> inv = signed(own());
    byte[] json = DagJson.encode(DagCbor.decode(inv.bytes()));
    Invoke i = invoke(decide(record(json, Headers.DAG_JSON, new byte[0]), c -> Optional.empty(), c -> false));
    assertThat(i.invocation()).as("the CID of its DAG-CBOR form").isEqualTo(inv.cid());
    assertThat(invoke(decide(record(inv.bytes(), Headers.DAG_CBOR, new byte[0]), c -> Optional.empty(), c -> false)))
        .isEqualTo(i);
    byte[] broken = "{\"a\":".getBytes(StandardCharsets.UTF_8);
    assertThat(decide(record(broken, Headers.DAG_JSON, new byte[0]), c -> Optional.empty(), c -> false).dlqReason())
        .isEqualTo("MalformedDagJson");
  }

  @Test
  void anotherContentTypeGoesToTheDlq() {
    Intake.Decision d = decide(record(signed(own()).bytes(), "application/json", new byte[0]), c -> Optional.empty(),
        c -> false);
    assertThat(d.dlqReason()).isEqualTo("UnsupportedContentType");
    assertThat(d.dlqMessage()).contains("application/json");
  }

  @Test
  void aDelegationIsAnsweredWithUnknownType() {
    Signed<Delegation> dlg = Signed.sign(user, new Delegation(user.did().toString(), executor.did().toString(),
        user.did().toString(), "/wasm", Ipld.list(), new byte[] {1}, null, null, null));
    Receipt r = receipt(decide(dlg.bytes()), dlg.cid());
    assertThat(error(r)).isEqualTo("UnknownType");
    assertThat(r.taskId()).as("it has no task").isNull();
  }

  @Test
  void aBadSignatureIsRefusedWithoutNamingATask() {
    Invocation payload = own().build();
    Envelope forged = Envelope.sign(Signer.generate(), Invocation.TAG, payload.toIpld());
    Receipt r = receipt(decide(forged.bytes()), forged.cid());
    assertThat(error(r)).isEqualTo("InvalidSignature");
    assertThat(r.taskId()).as("an unsigned claim names no task").isNull();
  }

  @Test
  void anInvocationExpiredBeyondTheClockSkewIsRefused() {
    long skew = config.authority().clockSkew().toSeconds();
    assertThat(skew).as("the default drift buffer the UCAN spec recommends").isEqualTo(60);
    Signed<Invocation> late = signed(own().exp(NOW_S - skew - 1));
    Receipt r = receipt(decide(late.bytes()), late.cid());
    assertThat(error(r)).isEqualTo("Expired");
    assertThat(r.taskId()).isEqualTo(late.payload().taskId());
    assertThat(invoke(decide(signed(own().exp(NOW_S - skew)).bytes()))).as("within the skew").isNotNull();
  }

  @Test
  void anUnknownCommandIsRefusedListingTheSupportedOnes() {
    Signed<Invocation> inv = signed(own().cmd("/shell/exec"));
    Receipt r = receipt(decide(inv.bytes()), inv.cid());
    assertThat(error(r)).isEqualTo("UnknownCommand");
    assertThat(((Outcome.Error) r.out()).message()).contains("/wasm/run");
    assertThat(r.taskId()).isEqualTo(inv.payload().taskId());
  }

  @Test
  void argsThatDoNotFitTheCommandOrLimitsThatAreNotNumbersAreInvalidArgs() {
    Signed<Invocation> noFun = signed(own().args(Ipld.Map.builder().put("mod", Ipld.link(MODULE)).build()));
    Receipt r = receipt(decide(noFun.bytes()), noFun.cid());
    assertThat(error(r)).isEqualTo("InvalidArgs");
    assertThat(((Outcome.Error) r.out()).message()).contains("args.fun");
    Signed<Invocation> badFuel = signed(own().meta(Ipld.Map.builder().put("fuel", "lots").build()));
    assertThat(error(receipt(decide(badFuel.bytes()), badFuel.cid()))).isEqualTo("InvalidArgs");
  }

  @Test
  void argsNestedDeeperThanMaxArgsDepthAreRefused() {
    Ipld nested = Ipld.integer(1);
    for (int i = 0; i < MAX_DEPTH - 2; i++) { // inside args (a map) and params (a list)
      nested = Ipld.list(nested);
    }
    assertThat(invoke(decide(signed(own().args(run(nested))).bytes()))).as("at the limit").isNotNull();
    Signed<Invocation> deep = signed(own().args(run(Ipld.list(nested))));
    Receipt r = receipt(decide(deep.bytes()), deep.cid());
    assertThat(error(r)).isEqualTo("ArgsTooDeep");
    assertThat(r.taskId()).isEqualTo(deep.payload().taskId());
  }

  /** The executor's grant of /wasm on its own subject to the user, and the user's invocation under it. */
  Signed<Delegation> grant() {
    return Signed.sign(executor, new Delegation(executor.did().toString(), user.did().toString(),
        executor.did().toString(), "/wasm", Ipld.list(), new byte[] {1}, null, null, null));
  }

  Signed<Invocation> underGrant(Signed<Delegation> grant) {
    return signed(by(user, executor.did().toString()).prf(List.of(grant.cid())));
  }

  static byte[] proofHeaders(Signed<Delegation> d) {
    return DagCbor.encode(Ipld.list(Ipld.Bytes.of(d.bytes())));
  }

  @Test
  void aRevokedProofIsRefused() {
    Signed<Delegation> grant = grant();
    Signed<Invocation> inv = underGrant(grant);
    InboundRecord in = record(inv.bytes(), "", proofHeaders(grant));
    assertThat(invoke(decide(in, c -> Optional.empty(), c -> false)).invocation()).isEqualTo(inv.cid());
    Receipt r = receipt(decide(in, c -> Optional.empty(), grant.cid()::equals), inv.cid());
    assertThat(error(r)).isEqualTo("Revoked");
    assertThat(r.taskId()).isEqualTo(inv.payload().taskId());
  }

  @Test
  void aProofNotSentWithTheInvocationIsFoundByItsCid() {
    Signed<Delegation> grant = grant();
    Signed<Invocation> inv = underGrant(grant);
    InboundRecord in = record(inv.bytes(), "", new byte[0]);
    assertThat(error(receipt(decide(in, c -> Optional.empty(), c -> false), inv.cid()))).isEqualTo("UnavailableProof");
    Invoke i = invoke(decide(in, c -> c.equals(grant.cid()) ? Optional.of(grant) : Optional.empty(), c -> false));
    assertThat(i.invocation()).isEqualTo(inv.cid());
    assertThat(i.tenant()).isEqualTo(user.did().toString());
  }
}
