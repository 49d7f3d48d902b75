package dev.ipvm.job.exec;

import dev.ipvm.effects.EffectError;
import dev.ipvm.cid.Cid;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.kafka.Serializers;
import dev.ipvm.job.kafka.TopicLimits;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.KafkaPublish;
import dev.ipvm.topic.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whether a {@code /kafka/publish} may go out: the topic is allowed ({@code effects.kafka.allow},
 * never one of the job's own topics, never a topic internal to Kafka, even under {@code *}), and
 * the broker will take the record exactly as the sink will write it ({@link TopicLimits}: the
 * topic exists, the record fits its {@code max.message.bytes}, a compacted topic gets a key).
 * A record the broker refused would abort the receipts' transaction and restart the job.
 */
final class PublishCheck implements AutoCloseable {
  private final List<String> allow;
  private final Topics topics;
  private final Set<String> own;
  private final TopicLimits limits;

  PublishCheck(String bootstrap, String allowList, Topics topics) {
    this.allow = Arrays.stream(allowList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    this.topics = topics;
    this.own = Set.of(topics.invocations(), topics.receipts(), topics.blocks(), topics.feedback(), topics.dlq());
    this.limits = new TopicLimits(bootstrap);
  }

  Outcome check(KafkaPublish p, Cid task) {
    if (own.contains(p.topic())) {
      return denied("topic " + p.topic() + " is one of the job's own topics; effects may not write it");
    }
    if (TopicLimits.internal(p.topic())) {
      return denied("topic " + p.topic() + " is internal to Kafka; nothing may write it");
    }
    if (allow.stream().noneMatch(a -> a.endsWith("*") ? p.topic().startsWith(a.substring(0, a.length() - 1))
        : a.equals(p.topic()))) {
      return denied("topic " + p.topic() + " is not in effects.kafka.allow");
    }
    var record = Serializers.record(OutRecord.published(p, task.toString()), topics.receipts(), topics.invocations());
    TopicLimits.Refusal no = limits.check(record);
    if (no != null) {
      return Outcome.Error.of(no.name(), no.message());
    }
    return new Outcome.Ok(dev.ipvm.ipld.Ipld.Map.builder().put("topic", p.topic()).put("bytes", p.value().length).build());
  }

  private static Outcome denied(String why) {
    return EffectError.DESTINATION_DENIED.outcome(why);
  }

  @Override
  public void close() {
    limits.close();
  }
}
