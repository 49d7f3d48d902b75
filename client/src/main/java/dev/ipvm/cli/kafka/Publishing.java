package dev.ipvm.cli.kafka;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Publishing from the CLI: the invocation record, raw blocks, and sends that wait for the broker's
 * ack and fail with one line naming the topic and what to do.
 */
public final class Publishing {
  private Publishing() {}

  /** The record that submits a signed invocation: keyed by its Task ID, DAG-CBOR. */
  public static ProducerRecord<String, byte[]> invocationRecord(String topic, Signed<Invocation> signed) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, signed.payload().taskId().toString(), signed.bytes());
    record.headers().add(Headers.CONTENT_TYPE, Headers.DAG_CBOR.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /** Publishes bytes as a raw block (codec raw, sha2-256) keyed by its CID, and waits for the ack. */
  public static Cid publishBlock(KafkaProducer<String, byte[]> producer, String topic, byte[] bytes, String bootstrap) {
    checkBlockSize(bytes.length, "the module");
    Cid cid = Cid.of(Multicodec.RAW, bytes);
    send(producer, new ProducerRecord<>(topic, cid.toString(), bytes), bootstrap);
    return cid;
  }

  public static void checkBlockSize(long size, String what) {
    if (size > Kafka.MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(what + " is " + size + " bytes; a block is at most " + Kafka.MAX_BLOCK_BYTES
          + " bytes (16 MiB less 4 KiB for the record around it)");
    }
  }

  /** Sends one record and waits until the broker has it. */
  public static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record,
      String bootstrap) {
    Future<RecordMetadata> sent;
    try {
      sent = producer.send(record);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw sendFailure(e, record, bootstrap);
    }
    try {
      return sent.get();
    } catch (ExecutionException e) {
      throw sendFailure(e.getCause(), record, bootstrap);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + record.topic());
    }
  }

  /** Sends the records (in order, without waiting in between), then waits until the broker has each. */
  public static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records,
      String bootstrap) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      try {
        sent.add(producer.send(record));
      } catch (org.apache.kafka.common.KafkaException e) {
        throw sendFailure(e, record, bootstrap);
      }
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
      } catch (ExecutionException e) {
        throw sendFailure(e.getCause(), records.get(i), bootstrap);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing to " + records.get(i).topic());
      }
    }
  }

  private static IllegalStateException sendFailure(Throwable e, ProducerRecord<String, byte[]> record,
      String bootstrap) {
    if (e instanceof RecordTooLargeException) {
      return new IllegalStateException("topic " + record.topic() + " refused the " + record.value().length
          + "-byte record as too large: set the topic's max.message.bytes to " + Kafka.MAX_REQUEST_BYTES
          + " (kafka-configs --alter --add-config max.message.bytes=" + Kafka.MAX_REQUEST_BYTES + ")");
    }
    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return new IllegalStateException("publishing to " + record.topic() + " on " + bootstrap + " timed out: "
          + Kafka.message(e));
    }
    return new IllegalStateException("publishing to " + record.topic() + " on " + bootstrap + " failed: "
        + Kafka.message(e));
  }
}
