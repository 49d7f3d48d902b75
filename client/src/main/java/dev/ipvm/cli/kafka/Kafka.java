package dev.ipvm.cli.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
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

  public static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
