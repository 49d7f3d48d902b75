package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input ends in an error receipt (when the record is an envelope) or a DLQ
 * record (when it is not), and the job keeps running without a restart.
 */
class BadInputIT {
  /** (module (func (export "spin") (loop (br 0)))): runs until its fuel is gone. */
  static final byte[] SPIN = HexFormat.of().parseHex(
      "0061736d01000000" // magic, version
          + "010401600000" // type section: () -> ()
          + "03020100" // function section: one function of type 0
          + "070801047370696e0000" // export "spin" = function 0
          + "0a09010700" + "03400c000b0b"); // code: loop, br 0, end, end

  static JobHarness h;
  static Cid math;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness(b -> b.moduleWait(Duration.ofSeconds(2)).maxInvocationBytes(64 << 10)).start();
    math = h.putBlock(JobHarness.sample("math.wasm"));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static byte[] wat(String text) {
    return com.dylibso.chicory.wabt.Wat2Wasm.parse(text);
  }

  private Signed<Invocation> sign(Invocation.Builder b) {
    return Signed.sign(h.user, b.build());
  }

  private Invocation.Builder base() {
    return Invocation.builder().iss(h.user.did().toString()).sub(h.user.did().toString())
        .cmd(WasmRun.COMMAND).emptyNonce().iat(System.nanoTime());
  }

  private static Ipld.Map args(Object mod, String fun, Ipld... params) {
    WasmRun.ModuleRef ref = mod instanceof Cid c ? new WasmRun.ModuleRef.Linked(c) : new WasmRun.ModuleRef.Inline((byte[]) mod);
    return new WasmRun(ref, fun, List.of(params)).toArgs();
  }

  @Test
  void everyBadInvocationGetsANamedErrorReceiptAndTheJobKeepsRunning() throws Exception {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    Signed<Invocation> good = sign(base().args(args(math, "add", Ipld.integer(1), Ipld.integer(2))));
    byte[] tampered = good.bytes().clone();
    tampered[5] ^= 1; // inside the signature bytes
    cases.put("InvalidSignature", tampered);
    cases.put("UnknownCommand", sign(base().cmd("/no/such/thing").args(Ipld.Map.EMPTY)).bytes());
    cases.put("ModuleNotFound", sign(base().args(args(Cid.of(Multicodec.RAW, "never published".getBytes()), "f"))).bytes());
    cases.put("OutOfFuel", sign(base().args(args(SPIN, "spin")).meta(Ipld.Map.builder().put("fuel", 100_000).build())).bytes());
    cases.put("NoSuchFunction", sign(base().args(args(math, "nope"))).bytes());
    cases.put("BadParams", sign(base().args(args(math, "add", Ipld.text("one"), Ipld.integer(2)))).bytes());
    cases.put("InvalidModule", sign(base().args(args("not wasm".getBytes(), "f"))).bytes());
    cases.put("InvalidArgs", sign(base().args(Ipld.Map.builder().put("mod", Ipld.link(math)).build())).bytes());
    Ipld deep = Ipld.integer(1);
    for (int i = 0; i < 70; i++) {
      deep = Ipld.list(deep);
    }
    cases.put("ArgsTooDeep", sign(base().args(args(math, "add", deep))).bytes());
    cases.put("Expired", sign(base().args(args(math, "add", Ipld.integer(1), Ipld.integer(1))).exp(1L)).bytes());
    Signer other = Signer.generate();
    cases.put("NoAuthority", Signed.sign(other, base().iss(other.did().toString())
        .args(args(math, "add", Ipld.integer(1), Ipld.integer(1))).build()).bytes());
    cases.put("InvalidAudience", sign(base().aud(Signer.generate().did().toString())
        .args(args(math, "add", Ipld.integer(1), Ipld.integer(1)))).bytes());
    cases.put("Timeout", sign(base().args(args(SPIN, "spin"))
        .meta(Ipld.Map.builder().put("fuel", 1_000_000_000_000L).put("time", 300).build())).bytes());
    cases.put("MemoryLimit", sign(base().args(args(wat(
        "(module (memory 1) (func (export \"grow\") (loop (br_if 0 (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable))"),
        "grow")).meta(Ipld.Map.builder().put("memory", 4 << 20).build())).bytes());
    cases.put("ForbiddenImport", sign(base().args(args(wat(
        "(module (import \"env\" \"now\" (func $now (result i64))) (func (export \"f\") (result i64) call $now))"),
        "f"))).bytes());
    cases.put("StackOverflow", sign(base().args(args(wat(
        "(module (func $r (export \"r\") (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1)))))"),
        "r", Ipld.integer(0))).meta(Ipld.Map.builder().put("fuel", 1_000_000_000_000L).build())).bytes());
    // A well-formed receipt envelope where an invocation belongs.
    cases.put("UnknownType", Signed.sign(h.user, new Receipt(h.user.did().toString(), good.cid(),
        new Outcome.Ok(Ipld.NULL), dev.ipvm.receipt.Effects.NONE, Ipld.Map.EMPTY, List.of(), null)).bytes());

    Map<String, String> expected = new LinkedHashMap<>();
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (Map.Entry<String, byte[]> c : cases.entrySet()) {
        h.publishRaw(c.getValue());
        expected.put(Cid.of(Multicodec.DAG_CBOR, c.getValue()).toString(), c.getKey());
      }
      List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(expected.keySet(), Duration.ofSeconds(60),
          Duration.ofSeconds(1));
      Map<String, String> names = new LinkedHashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : got) {
        Receipt receipt = JobHarness.receipt(r).payload();
        assertThat(receipt.iss()).isEqualTo(h.executor.did().toString());
        assertThat(receipt.out()).isInstanceOf(Outcome.Error.class);
        assertThat(JobHarness.header(r, Headers.STATUS)).isEqualTo("error");
        names.put(JobHarness.key(r), ((Outcome.Error) receipt.out()).name());
      }
      assertThat(got).as("one receipt per bad invocation").hasSize(expected.size());
      assertThat(names).containsExactlyInAnyOrderEntriesOf(expected);

      // the job still answers, and it never restarted
      Signed<Invocation> after = sign(base().args(args(math, "add", Ipld.integer(20), Ipld.integer(22))));
      h.publish(after);
      assertThat(JobHarness.receipt(receipts.receiptFor(after)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
      assertThat(h.restarted()).isFalse();
    }
  }

  @Test
  void aBlockWhoseBytesDoNotHashToItsCidIsNeverRun() throws Exception {
    // The bytes of math.wasm published under the CID of other bytes: a forged block.
    Cid claimed = Cid.of(Multicodec.RAW, "the module the user meant".getBytes(StandardCharsets.UTF_8));
    h.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(h.topics.blocks(),
        claimed.toString().getBytes(StandardCharsets.UTF_8), JobHarness.sample("math.wasm"))).get();
    Signed<Invocation> inv = sign(base().args(args(claimed, "add", Ipld.integer(1), Ipld.integer(2))));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publish(inv);
      Receipt r = JobHarness.receipt(receipts.receiptFor(inv)).payload();
      assertThat(((Outcome.Error) r.out()).name()).isEqualTo("ModuleNotFound");
    }
  }

  @Test
  void recordsThatAreNotEnvelopesGoToTheDlqWithTheirReason() throws Exception {
    List<byte[]> values = new ArrayList<>();
    values.add("garbage, not CBOR at all".getBytes(StandardCharsets.UTF_8));
    values.add(HexFormat.of().parseHex("a2616201616102")); // {"b":1,"a":2}: keys out of order
    values.add(HexFormat.of().parseHex("1817")); // 23 written in two bytes: not the shortest form
    values.add(HexFormat.of().parseHex("83010203")); // canonical CBOR, but not an envelope
    values.add(new byte[100 << 10]); // larger than max.invocation.bytes (64 KiB here)
    try (JobHarness.Reader dlq = h.reader(h.topics.dlq())) {
      for (byte[] v : values) {
        h.publishRaw(v);
      }
      h.publishRaw("{not json".getBytes(StandardCharsets.UTF_8),
          new RecordHeader(Headers.CONTENT_TYPE, Headers.DAG_JSON.getBytes(StandardCharsets.UTF_8)));
      List<ConsumerRecord<byte[], byte[]>> got = dlq.read(values.size() + 1, Duration.ofSeconds(60));
      assertThat(got).hasSize(values.size() + 1);
      List<String> reasons = got.stream().map(r -> JobHarness.header(r, Headers.REASON)).toList();
      assertThat(reasons).containsExactlyInAnyOrder("InvalidDagCbor", "InvalidDagCbor", "InvalidDagCbor",
          "MalformedEnvelope", "TooLarge", "MalformedDagJson");
      for (ConsumerRecord<byte[], byte[]> r : got) {
        assertThat(JobHarness.header(r, Headers.MESSAGE)).isNotBlank();
        assertThat(JobHarness.header(r, Headers.SOURCE_TOPIC)).isEqualTo(h.topics.invocations());
        assertThat(JobHarness.header(r, Headers.SOURCE_OFFSET)).isNotNull();
      }
      assertThat(got.stream().filter(r -> JobHarness.header(r, Headers.REASON).equals("TooLarge")).findFirst()
          .orElseThrow().value()).hasSize(100 << 10);
      assertThat(h.restarted()).isFalse();
    }
  }

  @Test
  void anInvocationInDagJsonRunsLikeItsDagCborForm() throws Exception {
    Signed<Invocation> inv = sign(base().args(args(math, "add", Ipld.integer(2), Ipld.integer(3))));
    byte[] json = DagJson.encodeToString(dev.ipvm.dagcbor.DagCbor.decode(inv.bytes())).getBytes(StandardCharsets.UTF_8);
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      h.publishRaw(json, new RecordHeader(Headers.CONTENT_TYPE, Headers.DAG_JSON.getBytes(StandardCharsets.UTF_8)));
      Receipt r = JobHarness.receipt(receipts.receiptFor(inv)).payload();
      assertThat(r.out()).isEqualTo(new Outcome.Ok(Ipld.integer(5)));
    }
  }
}
