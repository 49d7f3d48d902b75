package dev.ipvm.job;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The records of hostile scenario 2, every class of poison the job has met or could meet, each
 * with the answer it must get: a receipt keyed by its invocation CID when it is an envelope,
 * else a DLQ record keyed by the record's own key.
 */
final class PoisonRecords {
  /**
   * One record.
   *
   * @param cls its class, as the report names it
   * @param key the receipt's key (invocation CID) or, for the DLQ, the record's key
   * @param dlq whether it must end in the DLQ rather than a receipt
   * @param names the error names (or DLQ reasons) it may get
   */
  record Poison(String cls, String key, boolean dlq, Set<String> names, ProducerRecord<byte[], byte[]> record) {}

  static final int LOOPS = 50;

  private final JobHarness h;
  private final List<Poison> all = new ArrayList<>();

  PoisonRecords(JobHarness h, Cid math, String smallTopic, String compactedTopic) {
    this.h = h;
    String bytes = "bad bytes";
    raw(bytes, "garbage, not CBOR at all".getBytes(StandardCharsets.UTF_8), Set.of("InvalidDagCbor"));
    raw(bytes, hex("a2616201616102"), Set.of("InvalidDagCbor")); // {"b":1,"a":2}: keys out of order
    raw(bytes, hex("1817"), Set.of("InvalidDagCbor")); // 23 in two bytes: not the shortest form
    raw(bytes, hex("83010203"), Set.of("MalformedEnvelope")); // canonical CBOR, no envelope
    byte[] ff = new byte[64];
    Arrays.fill(ff, (byte) 0xff);
    raw(bytes, ff, Set.of("InvalidDagCbor"));

    for (int i = 0; i < 5; i++) {
      byte[] tampered = h.invocation(math, "add", Ipld.integer(i), Ipld.integer(1_000_000)).bytes().clone();
      tampered[5] ^= 1; // inside the signature
      envelope("bad signatures", tampered, Set.of("InvalidSignature"));
    }

    String deep = "deep nesting";
    byte[] lists = new byte[100_001];
    Arrays.fill(lists, (byte) 0x81); // a list of a list of ... 100,000 deep
    lists[lists.length - 1] = 0x01;
    raw(deep, lists, Set.of("InvalidDagCbor"));
    String json = "[".repeat(100_000) + "1" + "]".repeat(100_000);
    raw(deep, json.getBytes(StandardCharsets.UTF_8), Set.of("MalformedDagJson"),
        new RecordHeader(Headers.CONTENT_TYPE, Headers.DAG_JSON.getBytes(StandardCharsets.UTF_8)));
    // a signed invocation exactly as deep as the decoder takes, and one level deeper
    int depth = 1;
    while (HostilePoisonCheck.decodes(deepAdd(math, depth + 1).bytes())) {
      depth++;
    }
    envelope(deep, deepAdd(math, depth).bytes(), Set.of("BadParams", "InvalidArgs"));
    raw(deep, deepAdd(math, depth + 1).bytes(), Set.of("InvalidDagCbor"));

    for (int i = 0; i < 2; i++) { // above max.invocation.bytes (4 MiB), within the topic's 16 MiB
      raw("oversize records", new byte[5 << 20], Set.of("TooLarge"));
    }
    for (String internal : List.of("__consumer_offsets", "__transaction_state")) {
      envelope("publishes to internal topics", publish(internal, Ipld.text("forged"), "k").bytes(),
          Set.of("DestinationDenied"));
    }
    for (int i = 0; i < 2; i++) {
      envelope("publishes larger than their topic takes",
          publish(smallTopic, Ipld.Bytes.of(new byte[2_000_000]), "k").bytes(), Set.of("TooLarge"));
      envelope("publishes without key to a compacted topic", publish(compactedTopic, Ipld.text("v"), null).bytes(),
          Set.of("InvalidArgs"));
    }
    for (int i = 0; i < LOOPS; i++) {
      envelope(LOOPS + " infinite loops", Hostile.loop(h.user).bytes(), HostilePoisonCheck.LOOP_ANSWERS);
    }
  }

  private Signed<Invocation> deepAdd(Cid math, int depth) {
    return Signed.sign(h.user, Invocation.builder().iss(h.user.did().toString()).sub(h.user.did().toString())
        .cmd(WasmRun.COMMAND).args(new WasmRun(new WasmRun.ModuleRef.Linked(math), "add",
            List.of(HostilePoisonCheck.nested(depth), Ipld.integer(1))).toArgs())
        .emptyNonce().iat(System.nanoTime()).build());
  }

  private Signed<Invocation> publish(String topic, Ipld value, String key) {
    Ipld.Map.Builder args = Ipld.Map.builder().put("topic", topic).put("value", value);
    if (key != null) {
      args.put("key", key);
    }
    return h.invocation("/kafka/publish", args.build(), EffectsIT.nonce());
  }

  private void raw(String cls, byte[] value, Set<String> reasons, Header... headers) {
    String key = "poison-" + all.size();
    all.add(new Poison(cls, key, true, reasons, new ProducerRecord<>(h.topics.invocations(), null, null,
        key.getBytes(StandardCharsets.UTF_8), value, List.of(headers))));
  }

  private void envelope(String cls, byte[] value, Set<String> names) {
    all.add(new Poison(cls, Cid.of(Multicodec.DAG_CBOR, value).toString(), false, names,
        new ProducerRecord<>(h.topics.invocations(), value)));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** Publishes every record, in the order above, and waits until the broker has them. */
  void send() throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    all.forEach(p -> sent.add(h.producer.send(p.record())));
    h.producer.flush();
    for (java.util.concurrent.Future<?> f : sent) {
      f.get();
    }
  }

  List<Poison> all() {
    return all;
  }

  List<String> receiptKeys() {
    return all.stream().filter(p -> !p.dlq()).map(Poison::key).toList();
  }

  List<String> dlqKeys() {
    return all.stream().filter(Poison::dlq).map(Poison::key).toList();
  }
}
