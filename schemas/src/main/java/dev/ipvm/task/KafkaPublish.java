package dev.ipvm.task;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code /kafka/publish} command: one record to a Kafka topic, written by the job's
 * transactional producer in the same transaction as the receipt (schemas/ipld/effects.ipldsch).
 *
 * @param topic the topic
 * @param key the record key (null for none)
 * @param value the record value: bytes as given, a string as UTF-8, anything else as DAG-CBOR
 * @param dagCbor whether {@code value} is the DAG-CBOR of a non-bytes, non-string value
 * @param headers record headers
 */
public record KafkaPublish(String topic, byte[] key, byte[] value, boolean dagCbor, Map<String, String> headers) {

  public static final String COMMAND = "/kafka/publish";

  public KafkaPublish {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    headers = Map.copyOf(headers);
  }

  public static KafkaPublish fromArgs(Ipld.Map args) {
    for (String k : args.entries().keySet()) {
      if (!k.equals("topic") && !k.equals("key") && !k.equals("value") && !k.equals("headers")) {
        throw new IllegalArgumentException("args has an unknown field '" + k + "' (expected topic, key, value, headers)");
      }
    }
    if (!(args.get("topic") instanceof Ipld.Text t)) {
      throw new IllegalArgumentException(args.get("topic") == null ? "args.topic is required"
          : "args.topic must be a string, got a " + kind(args.get("topic")));
    }
    if (!t.value().matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("args.topic '" + t.value() + "' is not a legal Kafka topic name");
    }
    byte[] key = null;
    Ipld k = args.get("key");
    if (k instanceof Ipld.Bytes b) {
      key = b.toByteArray();
    } else if (k instanceof Ipld.Text s) {
      key = s.value().getBytes(StandardCharsets.UTF_8);
    } else if (k != null && !(k instanceof Ipld.Null)) {
      throw new IllegalArgumentException("args.key must be bytes or a string, got a " + kind(k));
    }
    Ipld v = args.get("value");
    if (v == null) {
      throw new IllegalArgumentException("args.value is required");
    }
    byte[] value;
    boolean cbor = false;
    if (v instanceof Ipld.Bytes b) {
      value = b.toByteArray();
    } else if (v instanceof Ipld.Text s) {
      value = s.value().getBytes(StandardCharsets.UTF_8);
    } else {
      value = DagCbor.encode(v);
      cbor = true;
    }
    Map<String, String> headers = Args.stringMap(args, "headers");
    return new KafkaPublish(t.value(), key, value, cbor, headers);
  }

  private static String kind(Ipld v) {
    return Args.kind(v);
  }
}
