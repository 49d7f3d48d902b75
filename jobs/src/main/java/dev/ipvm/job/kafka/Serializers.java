package dev.ipvm.job.kafka;

import dev.ipvm.job.receipt.ReceiptOut;
import dev.ipvm.job.task.TaskEvent;
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

  /** Receipts: key = invocation CID; headers task, status and (for errors) error. */
  public static final class Receipts implements KafkaRecordSerializationSchema<ReceiptOut> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public Receipts(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ReceiptOut r, KafkaSinkContext ctx, Long timestamp) {
      RecordHeaders h = new RecordHeaders();
      if (!r.taskId().isEmpty()) {
        h.add(Headers.TASK, utf8(r.taskId()));
      }
      h.add(Headers.STATUS, utf8(r.status()));
      if (!r.error().isEmpty()) {
        h.add(Headers.ERROR, utf8(r.error()));
      }
      return new ProducerRecord<>(topic, null, null, utf8(r.invocation()), r.envelope(), h);
    }
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
