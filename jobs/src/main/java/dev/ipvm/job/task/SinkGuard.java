package dev.ipvm.job.task;

import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.kafka.Serializers;
import dev.ipvm.job.kafka.TopicLimits;
import dev.ipvm.topic.Topics;

/**
 * The last check before a record enters the receipts' transaction: one the broker refuses
 * aborts the transaction and restarts the job, which meets it again. The executor checked a
 * publish when it ran; this checks again what the task is about to write (the topic may have
 * changed since, and after a restart the view is fresh, so a record that failed once is caught
 * here the second time). A failure to read a topic's metadata is no refusal here: the sink
 * needs the same broker, and the executor's earlier check stands.
 */
final class SinkGuard implements AutoCloseable {
  private final Topics topics;
  private final TopicLimits limits;

  SinkGuard(String bootstrap, Topics topics) {
    this.topics = topics;
    this.limits = new TopicLimits(bootstrap);
  }

  /** Why the broker would refuse {@code r}, or null. */
  TopicLimits.Refusal refusal(OutRecord r) {
    TopicLimits.Refusal no = limits.check(Serializers.record(r, topics.receipts(), topics.invocations()));
    return no == null || no.reason() == TopicLimits.Reason.CONNECTION_FAILED ? null : no;
  }

  @Override
  public void close() {
    limits.close();
  }
}
