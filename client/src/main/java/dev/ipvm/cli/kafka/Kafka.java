package dev.ipvm.cli.kafka;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The CLI's Kafka clients, configured so that a missing broker or topic fails within seconds
 * with one line saying what to do, instead of the clients' default of retrying for minutes.
 */
public final class Kafka {
  /** The producer's {@code max.request.size}; the blocks topic needs {@code max.message.bytes} to match. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
  /** The largest block {@code put} sends: the request less room for the record around it. */
  public static final int MAX_BLOCK_BYTES = MAX_REQUEST_BYTES - 4096;
  /** How long a TCP connection to the bootstrap servers may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** How long one request to the broker (metadata, a send) may take. */
  public static final Duration API_TIMEOUT = Duration.ofSeconds(10);

  private Kafka() {}

  /**
   * Checks that a broker answers at {@code bootstrap} and that {@code topics} exist there.
   *
   * @throws IllegalStateException with one line: which broker or topic, and what to do
   */
  public static void check(KafkaOptions options, String... topics) {
    String bootstrap = options.bootstrap;
    probe(bootstrap);
    try (Admin admin = admin(bootstrap)) {
      for (String topic : topics) {
        try {
          admin.describeTopics(List.of(topic)).allTopicNames().get(API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            throw missingTopic(options, topic);
          }
          throw new IllegalStateException("the broker at " + bootstrap + " failed to describe topic " + topic + ": "
              + message(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
          throw noAnswer(bootstrap);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
    }
  }

  /**
   * {@link #check(KafkaOptions, String...)} through a consumer the caller goes on to use, which
   * asks for the topics' metadata anyway: no admin client to load, connect and close first, a
   * good part of a short command's start-up (the CLI round-trip benchmark measures it). Call
   * {@link #probe} before making the consumer, which wants a valid bootstrap.
   */
  public static void check(KafkaConsumer<?, ?> consumer, KafkaOptions options, String... topics) {
    for (String topic : topics) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, API_TIMEOUT);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw noAnswer(options.bootstrap);
      } catch (org.apache.kafka.common.KafkaException e) {
        throw new IllegalStateException("the broker at " + options.bootstrap + " failed to describe topic " + topic
            + ": " + message(e));
      }
      if (infos == null || infos.isEmpty()) {
        throw missingTopic(options, topic);
      }
    }
  }

  private static IllegalStateException missingTopic(KafkaOptions options, String topic) {
    return new IllegalStateException("topic " + topic + " does not exist on " + options.bootstrap
        + ": the job creates its topics when it starts (is `ipvm dev` running? is --topic-prefix '"
        + options.topicPrefix + "' right?)");
  }

  private static IllegalStateException noAnswer(String bootstrap) {
    return new IllegalStateException("the broker at " + bootstrap + " did not answer within "
        + API_TIMEOUT.toSeconds() + " s (it accepts connections: check that it is Kafka and that its"
        + " advertised listeners are reachable from here)");
  }

  /** An admin client whose requests give up after {@link #API_TIMEOUT}. */
  public static Admin admin(String bootstrap) {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.CLIENT_ID_CONFIG, "ipvm-cli",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis()));
  }

  /** Fails fast, with a useful line, when nothing listens at any of the bootstrap addresses. */
  public static void probe(String bootstrap) {
    List<InetSocketAddress> addresses = parseBootstrap(bootstrap);
    IOException last = null;
    for (InetSocketAddress address : addresses) {
      try (Socket s = new Socket()) {
        s.connect(address, (int) CONNECT_TIMEOUT.toMillis());
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    String why = last instanceof java.net.UnknownHostException ? "unknown host " + last.getMessage()
        : last instanceof java.net.SocketTimeoutException ? "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s"
        : last.getMessage();
    throw new IllegalStateException("cannot reach the Kafka broker at " + bootstrap + " (" + why + "): is `ipvm dev`"
        + " running? Set --bootstrap or IPVM_BOOTSTRAP to use another broker");
  }

  public static List<InetSocketAddress> parseBootstrap(String bootstrap) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : bootstrap.split(",")) {
      String s = part.strip();
      int colon = s.lastIndexOf(':');
      String host = colon > 0 ? s.substring(0, colon) : "";
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = -1;
      try {
        port = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        // reported below
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("--bootstrap must be HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
      }
      out.add(new InetSocketAddress(host, port)); // left unresolved when the name is unknown
    }
    return out;
  }

  /** An idempotent producer waiting for every in-sync replica; keys are CID strings. */
  public static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "ipvm-cli");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * MAX_REQUEST_BYTES);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (3 * API_TIMEOUT.toMillis()));
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** A consumer without a group (partitions are assigned), seeing committed records only. */
  public static KafkaConsumer<String, byte[]> committedConsumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ipvm-cli");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // a receipt becomes readable when its transaction commits: ask again soon rather than after 500 ms
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of {@code topic}. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, API_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  /**
   * Assigns every partition of {@code topic} to the consumer, positioned at its current end: what
   * is published after this call (a receipt for an invocation not yet sent) cannot be missed.
   */
  public static List<TopicPartition> followFromEnd(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(tp -> consumer.position(tp, API_TIMEOUT));
    return partitions;
  }

  /**
   * Reads every committed record of {@code topic} from its start to its end as of this call,
   * handing each to {@code each}; see {@link #readUntil}.
   */
  public static void readFromStart(KafkaConsumer<String, byte[]> consumer, String topic, String bootstrap,
      Predicate<ConsumerRecord<String, byte[]>> each) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    readUntil(consumer, consumer.endOffsets(partitions, API_TIMEOUT), topic, bootstrap, each);
  }

  /**
   * Polls from the consumer's positions until every partition reaches {@code end}, handing each
   * record to {@code each}; false as soon as {@code each} returns false.
   *
   * @throws IllegalStateException when no record comes for {@link #API_TIMEOUT} while some remain
   */
  public static boolean readUntil(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, String topic,
      String bootstrap, Predicate<ConsumerRecord<String, byte[]>> each) {
    long idleSince = System.nanoTime();
    while (!reached(consumer, end)) {
      var records = consumer.poll(Duration.ofMillis(200));
      if (!records.isEmpty()) {
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince > API_TIMEOUT.toNanos()) {
        throw new IllegalStateException("reading " + topic + " on " + bootstrap + " made no progress for "
            + API_TIMEOUT.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> r : records) {
        if (!each.test(r)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), API_TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

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
    if (size > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(what + " is " + size + " bytes; a block is at most " + MAX_BLOCK_BYTES
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
          + "-byte record as too large: set the topic's max.message.bytes to " + MAX_REQUEST_BYTES
          + " (kafka-configs --alter --add-config max.message.bytes=" + MAX_REQUEST_BYTES + ")");
    }
    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return new IllegalStateException("publishing to " + record.topic() + " on " + bootstrap + " timed out: "
          + message(e));
    }
    return new IllegalStateException("publishing to " + record.topic() + " on " + bootstrap + " failed: "
        + message(e));
  }

  public static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
