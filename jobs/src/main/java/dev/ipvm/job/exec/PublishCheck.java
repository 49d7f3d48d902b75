package dev.ipvm.job.exec;

import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.KafkaPublish;
import dev.ipvm.topic.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether a {@code /kafka/publish} may go out: the topic is allowed ({@code effects.kafka.allow},
 * never one of the job's own topics), exists (the transactional sink would otherwise fail the
 * checkpoint and restart the job, again and again), and the value fits in a request.
 */
final class PublishCheck implements AutoCloseable {
  /** The sinks' max.request.size is 16 MiB; leave room for the key, headers and batch overhead. */
  static final int MAX_VALUE_BYTES = 15 << 20;

  private final String bootstrap;
  private final List<String> allow;
  private final Set<String> own;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private Admin admin;

  PublishCheck(String bootstrap, String allowList, Topics topics) {
    this.bootstrap = bootstrap;
    this.allow = Arrays.stream(allowList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    this.own = Set.of(topics.invocations(), topics.receipts(), topics.blocks(), topics.feedback(), topics.dlq());
  }

  Outcome check(KafkaPublish p) {
    if (own.contains(p.topic())) {
      return denied("topic " + p.topic() + " is one of the job's own topics; effects may not write it");
    }
    if (allow.stream().noneMatch(a -> a.endsWith("*") ? p.topic().startsWith(a.substring(0, a.length() - 1))
        : a.equals(p.topic()))) {
      return denied("topic " + p.topic() + " is not in effects.kafka.allow");
    }
    if (p.value().length > MAX_VALUE_BYTES) {
      return Outcome.Error.of("TooLarge", "the value has " + p.value().length + " bytes; at most " + MAX_VALUE_BYTES
          + " may be published");
    }
    if (!known.contains(p.topic())) {
      try {
        admin().describeTopics(List.of(p.topic())).allTopicNames().get(30, TimeUnit.SECONDS);
        known.add(p.topic());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return Outcome.Error.of("UnknownTopic", "topic " + p.topic() + " does not exist; create it first");
        }
        return Outcome.Error.of("ConnectionFailed", "checking topic " + p.topic() + " failed: " + e.getCause());
      } catch (TimeoutException e) {
        return Outcome.Error.of("Timeout", "checking topic " + p.topic() + " took more than 30 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.Error.of("Timeout", "interrupted while checking topic " + p.topic());
      }
    }
    return new Outcome.Ok(dev.ipvm.ipld.Ipld.Map.builder().put("topic", p.topic()).put("bytes", p.value().length).build());
  }

  private static Outcome denied(String why) {
    return Outcome.Error.of("DestinationDenied", why);
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("client.id", "ipvm-effects-admin");
      admin = Admin.create(p);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
