package dev.ipvm.job.kafka;

import dev.ipvm.job.event.DlqRecord;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.topic.Headers;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** How the job's outputs become Kafka records: one small class per topic. */
public final class Serializers {
  private Serializers() {}

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The transactional outputs ({@link OutRecord}): receipts (key = invocation CID; headers task,
   * status and, for errors, error) to the receipts topic; invocations the executor issues to the
   * invocations topic; records {@code /kafka/publish} effects publish to their topic, with a
   * {@code task} header naming the effect's Task ID.
   */
  public static final class Out implements KafkaRecordSerializationSchema<OutRecord> {
    private static final long serialVersionUID = 1L;
    private final String receipts;
    private final String invocations;

    public Out(String receipts, String invocations) {
      this.receipts = receipts;
      this.invocations = invocations;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutRecord r, KafkaSinkContext ctx, Long timestamp) {
      return record(r, receipts, invocations);
    }
  }

  /** The Kafka record of {@code r}, exactly as the transactional sink writes it (and as {@link TopicLimits} checks it). */
  public static ProducerRecord<byte[], byte[]> record(OutRecord r, String receipts, String invocations) {
    RecordHeaders h = new RecordHeaders();
    if (!r.task().isEmpty()) {
      h.add(Headers.TASK, utf8(r.task()));
    }
    byte[] key = r.key().length == 0 ? null : r.key();
    return switch (r.kind()) {
      case RECEIPT -> {
        h.add(Headers.STATUS, utf8(r.status()));
        if (!r.error().isEmpty()) {
          h.add(Headers.ERROR, utf8(r.error()));
        }
        yield new ProducerRecord<>(receipts, null, null, key, r.value(), h);
      }
      case INVOCATION -> {
        h.add(Headers.CONTENT_TYPE, utf8(Headers.DAG_CBOR));
        yield new ProducerRecord<>(invocations, null, null, key, r.value(), h);
      }
      case PUBLISHED -> {
        if (r.headers().length > 0 && DagCbor.decode(r.headers()) instanceof Ipld.Map extra) {
          extra.forEach((name, value) -> h.add(name, utf8(((Ipld.Text) value).value())));
        }
        yield new ProducerRecord<>(r.topic(), null, null, key, r.value(), h);
      }
    };
  }

  /** Feedback: key = Task ID, value = {@code {"result": ...}} (the kind of message, then its body). */
  public static final class Feedback implements KafkaRecordSerializationSchema<TaskEvent> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public Feedback(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TaskEvent e, KafkaSinkContext ctx, Long timestamp) {
      return new ProducerRecord<>(topic, utf8(e.taskId()), FeedbackMessage.wrap(e));
    }
  }

  /** DLQ: the original key and value; headers reason, message and where the record came from. */
  public static final class Dlq implements KafkaRecordSerializationSchema<DlqRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public Dlq(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DlqRecord d, KafkaSinkContext ctx, Long timestamp) {
      RecordHeaders h = new RecordHeaders();
      h.add(Headers.REASON, utf8(d.reason()));
      h.add(Headers.MESSAGE, utf8(d.message()));
      h.add(Headers.SOURCE_TOPIC, utf8(d.sourceTopic()));
      h.add(Headers.SOURCE_PARTITION, utf8(Integer.toString(d.partition())));
      h.add(Headers.SOURCE_OFFSET, utf8(Long.toString(d.offset())));
      return new ProducerRecord<>(topic, null, null, d.key().length == 0 ? null : d.key(), d.value(), h);
    }
  }
}
