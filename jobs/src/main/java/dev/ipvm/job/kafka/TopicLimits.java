package dev.ipvm.job.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What the broker will accept on a topic, checked before a record enters the job's transaction.
 * One record the broker refuses aborts the whole transaction, fails the checkpoint and restarts
 * the job, which then meets the same record again: so every record a task asks for is held
 * against the topic's metadata and configuration first. Answers are cached for {@link #TTL}, so
 * a topic changed by an operator is seen within that time, and at once after a restart.
 */
public final class TopicLimits implements AutoCloseable {
  /** How long what was read about a topic is trusted. */
  public static final Duration TTL = Duration.ofSeconds(10);
  /** How long a failure to read a topic is remembered (the task thread waits for a read). */
  static final Duration FAILED_TTL = Duration.ofSeconds(5);
  /** Longest wait for one answer from the broker. */
  static final long READ_TIMEOUT_SECONDS = 10;
  /**
   * The sinks' producer {@code batch.size}: records of one partition are batched up to this, and
   * the broker holds the whole batch against {@code max.message.bytes}.
   */
  public static final int PRODUCER_BATCH_BYTES = 16384;
  /** The sinks' {@code max.request.size}. */
  public static final int MAX_REQUEST_BYTES = 16 << 20;

  /** What was read about a topic: absent, or present with what bounds its records. */
  public record Described(String name, boolean exists, boolean internal, boolean writable, int maxMessageBytes,
      boolean compacted) {}

  /** Why a record would be refused: an error name for the receipt and a message. */
  public record Refusal(Reason reason, String message) {
    /** The error name a receipt carries for it, e.g. {@code TooLarge}. */
    public String name() {
      return reason.errorName();
    }
  }

  /** Why the broker would refuse a record. */
  public enum Reason {
    /** Not a valid topic name, or a compacted topic and no key. */
    INVALID_ARGS("InvalidArgs"),
    /** Internal to Kafka, or the job's principal may not write it (ACL). */
    DESTINATION_DENIED("DestinationDenied"),
    /** Larger than the topic, or the job's producer, takes. */
    TOO_LARGE("TooLarge"),
    /** The topic does not exist. */
    UNKNOWN_TOPIC("UnknownTopic"),
    /** The broker could not be asked: nothing is known either way. */
    CONNECTION_FAILED("ConnectionFailed");

    private final String errorName;

    Reason(String errorName) {
      this.errorName = errorName;
    }

    public String errorName() {
      return errorName;
    }
  }

  private record Cached(Described described, long expiresNanos) {}

  private final String bootstrap;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private Admin admin;

  public TopicLimits(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** The size of a batch holding just this record, as the broker counts it (an upper bound). */
  public static int recordBytes(byte[] key, byte[] value, Header[] headers) {
    return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, key,
        value, headers);
  }

  /** Whether Kafka reserves this topic for itself ({@code __consumer_offsets}, {@code __transaction_state}, ...). */
  public static boolean internal(String topic) {
    return Topic.isInternal(topic) || topic.startsWith("__");
  }

  /** {@link #check(String, byte[], byte[], Header[])} of a whole record. */
  public Refusal check(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> r) {
    return check(r.topic(), r.key(), r.value(), r.headers().toArray());
  }

  /**
   * Why the broker would refuse this record, or null when it will take it. A failure to read
   * the topic's metadata is itself a refusal ({@code ConnectionFailed}): nothing unchecked goes in.
   */
  public Refusal check(String topic, byte[] key, byte[] value, Header[] headers) {
    try {
      Topic.validate(topic);
    } catch (InvalidTopicException e) {
      return new Refusal(Reason.INVALID_ARGS, "'" + topic + "' is not a valid topic name: " + e.getMessage());
    }
    if (internal(topic)) {
      return new Refusal(Reason.DESTINATION_DENIED, "topic " + topic + " is internal to Kafka; nothing may write it");
    }
    int bytes = recordBytes(key, value, headers);
    if (bytes > MAX_REQUEST_BYTES) {
      return new Refusal(Reason.TOO_LARGE, "the record takes " + bytes + " bytes; the job's producer sends at most "
          + MAX_REQUEST_BYTES);
    }
    Described d;
    try {
      d = describe(topic);
    } catch (Exception e) {
      return new Refusal(Reason.CONNECTION_FAILED, "reading topic " + topic + " failed: " + e);
    }
    if (!d.exists()) {
      return new Refusal(Reason.UNKNOWN_TOPIC, "topic " + topic + " does not exist; create it first");
    }
    if (d.internal()) {
      return new Refusal(Reason.DESTINATION_DENIED, "topic " + topic + " is internal to Kafka; nothing may write it");
    }
    if (!d.writable()) {
      return new Refusal(Reason.DESTINATION_DENIED, "the job's Kafka principal may not write topic " + topic + " (ACL)");
    }
    if (bytes > d.maxMessageBytes()) {
      return new Refusal(Reason.TOO_LARGE, "the record takes " + bytes + " bytes; topic " + topic + " takes at most "
          + d.maxMessageBytes() + " (its max.message.bytes)");
    }
    if (d.maxMessageBytes() < PRODUCER_BATCH_BYTES) {
      // a batch of several small records could still exceed it
      return new Refusal(Reason.TOO_LARGE, "topic " + topic + " takes records of at most " + d.maxMessageBytes()
          + " bytes, below the job's producer batch of " + PRODUCER_BATCH_BYTES + "; raise its max.message.bytes");
    }
    if (d.compacted() && (key == null || key.length == 0)) {
      return new Refusal(Reason.INVALID_ARGS, "topic " + topic + " is compacted: a record needs a key");
    }
    return null;
  }

  /** The topic as the broker describes it, from the cache when fresh. */
  public Described describe(String topic) throws ExecutionException, InterruptedException, TimeoutException {
    Cached c = cache.get(topic);
    if (c != null && c.expiresNanos() - System.nanoTime() > 0) {
      if (c.described() == null) { // it failed a moment ago: do not hold the caller up again
        throw new TimeoutException("reading topic " + topic + " failed less than " + FAILED_TTL.toSeconds() + " s ago");
      }
      return c.described();
    }
    try {
      Described d = read(topic);
      cache.put(topic, new Cached(d, System.nanoTime() + TTL.toNanos()));
      return d;
    } catch (ExecutionException | TimeoutException e) {
      cache.put(topic, new Cached(null, System.nanoTime() + FAILED_TTL.toNanos()));
      throw e;
    }
  }

  private Described read(String topic) throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description;
    try {
      description = admin().describeTopics(List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
          .allTopicNames().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return new Described(topic, false, false, false, 0, false);
      }
      throw e;
    }
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin().describeConfigs(List.of(r)).all().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(r);
    int max = Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    // null when the broker did not say; without an authorizer it grants every operation
    var ops = description.authorizedOperations();
    boolean writable = ops == null || ops.contains(AclOperation.WRITE) || ops.contains(AclOperation.ALL);
    return new Described(topic, true, description.isInternal(), writable, max,
        policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("client.id", "ipvm-topic-limits");
      // the client refuses an API timeout below its request timeout (30 s by default)
      p.put("request.timeout.ms", Long.toString(READ_TIMEOUT_SECONDS * 1000));
      p.put("default.api.timeout.ms", Long.toString(READ_TIMEOUT_SECONDS * 1000));
      admin = Admin.create(p);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
