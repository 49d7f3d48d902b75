package dev.ipvm.job.event;

import java.util.Arrays;

/**
 * A record the job writes through its transactional producer, so that it becomes visible
 * exactly when the receipts of the same checkpoint do: a receipt, an invocation the executor
 * issues (an effect a pure function asked for), or a record a {@code /kafka/publish} effect
 * publishes. Empty strings and arrays stand for "none" (Flink's POJO serializer, no nulls).
 *
 * @param kind which of the three
 * @param topic the destination of a {@link Kind#PUBLISHED} record (the others go to the job's topics)
 * @param key the record key
 * @param value the record value
 * @param task the Task ID this record belongs to
 * @param status {@code ok} or {@code error} (receipts)
 * @param error the error name (receipts with an error)
 * @param headers DAG-CBOR map of extra string headers (published records)
 */
public record OutRecord(Kind kind, String topic, byte[] key, byte[] value, String task, String status, String error,
    byte[] headers) {

  public enum Kind { RECEIPT, INVOCATION, PUBLISHED }

  public static OutRecord receipt(String invocation, String task, String status, String error, byte[] envelope) {
    return new OutRecord(Kind.RECEIPT, "", utf8(invocation), envelope, task, status, error, new byte[0]);
  }

  public static OutRecord invocation(String task, byte[] envelope) {
    return new OutRecord(Kind.INVOCATION, "", new byte[0], envelope, task, "", "", new byte[0]);
  }

  public static OutRecord published(String topic, byte[] key, byte[] value, String task, byte[] headers) {
    return new OutRecord(Kind.PUBLISHED, topic, key == null ? new byte[0] : key, value, task, "", "", headers);
  }

  /** The record a {@code /kafka/publish} of task {@code task} writes: its headers, and a content type for DAG-CBOR values. */
  public static OutRecord published(dev.ipvm.task.KafkaPublish p, String task) {
    dev.ipvm.ipld.Ipld.Map.Builder h = dev.ipvm.ipld.Ipld.Map.builder();
    p.headers().forEach(h::put);
    if (p.dagCbor()) {
      h.put(dev.ipvm.topic.Headers.CONTENT_TYPE, dev.ipvm.topic.Headers.DAG_CBOR);
    }
    dev.ipvm.ipld.Ipld.Map headers = h.build();
    return published(p.topic(), p.key(), p.value(), task,
        headers.size() == 0 ? new byte[0] : dev.ipvm.dagcbor.DagCbor.encode(headers));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The key as text (receipts: the invocation CID). */
  public String keyText() {
    return new String(key, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutRecord r && r.kind == kind && r.topic.equals(topic) && Arrays.equals(r.key, key)
        && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RECEIPT -> "receipt for " + keyText() + ": " + status + (error.isEmpty() ? "" : " " + error);
      case INVOCATION -> "invocation of task " + task;
      case PUBLISHED -> "record for " + topic + " from task " + task;
    };
  }
}
