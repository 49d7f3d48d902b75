package dev.ipvm.job.kafka;

import dev.ipvm.job.event.DlqRecord;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.job.metrics.JobMetrics;
import java.util.Arrays;

/**
 * Makes the DLQ record for a record that cannot be taken, counted, and cut to what the DLQ topic
 * takes: an input topic may allow larger records than the DLQ does, and one refused DLQ record
 * would fail the checkpoint, again and again. Asks the broker only when a record is sent here.
 */
public final class DlqFit implements AutoCloseable {
  /** Longest message header kept: messages quote input, which is the attacker's to choose. */
  static final int MAX_MESSAGE_CHARS = 2000;

  private final String topic;
  private final TopicLimits limits;
  private final JobMetrics.Intake metrics;

  public DlqFit(String bootstrap, String topic, JobMetrics.Intake metrics) {
    this.topic = topic;
    this.limits = new TopicLimits(bootstrap);
    this.metrics = metrics;
  }

  /** The DLQ record for {@code in}, refused for {@code reason}: counted, and cut to fit its topic. */
  public DlqRecord record(InboundRecord in, String reason, String message) {
    metrics.rejected(reason);
    metrics.dlq.inc();
    return fit(DlqRecord.of(in, reason, message == null ? "" : message));
  }

  private DlqRecord fit(DlqRecord d) {
    String message = d.message().length() > MAX_MESSAGE_CHARS ? d.message().substring(0, MAX_MESSAGE_CHARS) + "..."
        : d.message();
    d = new DlqRecord(d.sourceTopic(), d.partition(), d.offset(), d.key(), d.value(), d.reason(), message);
    var record = new Serializers.Dlq(topic).serialize(d, null, null);
    TopicLimits.Refusal no = limits.check(record);
    if (no == null || no.reason() == TopicLimits.Reason.CONNECTION_FAILED) { // the sink needs the same broker
      return d;
    }
    int limit;
    try {
      limit = Math.min(limits.describe(topic).maxMessageBytes(), TopicLimits.MAX_REQUEST_BYTES);
    } catch (Exception e) {
      limit = 1 << 20; // the broker's default max.message.bytes
    }
    int overhead = TopicLimits.recordBytes(record.key(), new byte[0], record.headers().toArray());
    int keep = Math.max(0, Math.min(d.value().length, limit - overhead - 1024));
    return new DlqRecord(d.sourceTopic(), d.partition(), d.offset(), d.key(), Arrays.copyOf(d.value(), keep),
        d.reason(), message + " (the value is cut to its first " + keep + " of " + d.value().length + " bytes)");
  }

  @Override
  public void close() {
    limits.close();
  }
}
