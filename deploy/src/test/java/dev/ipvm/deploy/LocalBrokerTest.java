package dev.ipvm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker in a child JVM: produce, consume, restart on the same data, port conflicts; a
 * supervised broker killed with SIGKILL comes back; a detached one outlives its parent's SIGKILL
 * and is adopted, or stopped as an orphan.
 */
class LocalBrokerTest {

  @Test
  void recordsSurviveARestartAndATakenPortIsNamed(@TempDir Path dir) throws Exception {
    TopicPartition tp = new TopicPartition("t", 0);
    int port;
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir).build().start()) {
      port = broker.port();
      assertThat(port).isPositive();
      assertThat(broker.bootstrap()).isEqualTo("127.0.0.1:" + port);
      assertThat(Files.readString(dir.resolve("server.properties")))
          .contains("auto.create.topics.enable=false", "transaction.max.timeout.ms=900000");
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> p = producer(broker.bootstrap())) {
        p.send(new ProducerRecord<>("t", "k", "v")).get();
      }
      assertThat(readAll(broker.bootstrap(), tp)).containsExactly("k=v");

      // a second broker on the same port fails before it spawns anything, naming the port
      LocalBroker second = LocalBroker.builder().dataDir(dir.resolve("second")).port(port).build();
      assertThatThrownBy(second::start).isInstanceOf(IOException.class)
          .hasMessageContaining("port " + port).hasMessageContaining("already in use");
      assertThat(second.isRunning()).isFalse();
    }
    assertThat(Files.readString(dir.resolve("broker.log"))).contains(BrokerProcess.STARTED_LINE);

    // a new broker on the same directory keeps the cluster and its records
    String clusterId = Files.readString(dir.resolve("cluster.id")).strip();
    try (LocalBroker again = LocalBroker.builder().dataDir(dir).port(port).build().start()) {
      assertThat(Files.readString(dir.resolve("cluster.id")).strip()).isEqualTo(clusterId);
      assertThat(readAll(again.bootstrap(), tp)).containsExactly("k=v");
    }
  }

  @Test
  void aSupervisedBrokerKilledWithSigkillComesBackOnItsPortWithItsData(@TempDir Path dir) throws Exception {
    TopicPartition tp = new TopicPartition("t", 0);
    List<String> events = new CopyOnWriteArrayList<>();
    long restarted;
    // KRaft refuses a restarted broker's registration until the killed one's session expires (9 s by default)
    try (LocalBroker broker = LocalBroker.builder().dataDir(dir).supervise(true).events(events::add)
        .property("broker.session.timeout.ms", "3000").property("broker.heartbeat.interval.ms", "500")
        .build().start()) {
      int port = broker.port();
      long pid = broker.pid();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> p = producer(broker.bootstrap())) {
        p.send(new ProducerRecord<>("t", "k", "v")).get();
      }

      // one LocalBroker per directory, in this JVM or any other
      assertThatThrownBy(() -> LocalBroker.builder().dataDir(dir).build().start())
          .hasMessageContaining("in use by process " + ProcessHandle.current().pid());
      assertThatThrownBy(() -> LocalBroker.stopOrphan(dir)).hasMessageContaining("in use by process");

      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      await(Duration.ofSeconds(60), () -> events.stream().anyMatch(l -> l.startsWith("the broker is back")));
      assertThat(events.get(0)).isEqualTo("the broker (pid " + pid + ") was killed by signal 9; restarting it on port "
          + port + " in 1 s");
      restarted = broker.pid();
      assertThat(restarted).isNotEqualTo(pid);
      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.port()).isEqualTo(port);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
        assertThat(admin.listTopics().names().get()).contains("t");
      }
      assertThat(readAll(broker.bootstrap(), tp)).containsExactly("k=v");
    }
    // close is not a crash: nothing is restarted
    assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    Thread.sleep(BrokerSupervisor.FIRST_BACKOFF.toMillis() + 500);
    assertThat(BrokerLock.running(dir)).isEmpty();
    assertThat(events).hasSize(2);
  }

  @Test
  void aDetachedBrokerOutlivesItsParentsSigkillAndIsAdoptedOrStopped(@TempDir Path dir) throws Exception {
    TopicPartition tp = new TopicPartition("t", 0);
    List<Parent> parents = new ArrayList<>();
    try {
      // a parent JVM starts the broker detached, then dies without running its shutdown hooks
      Parent parent = startParent(dir, parents);
      long[] started = parent.awaitBroker();
      long pid = started[0];
      String bootstrap = "127.0.0.1:" + started[1];
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> p = producer(bootstrap)) {
        p.send(new ProducerRecord<>("t", "k", "v")).get();
      }
      parent.kill();
      Thread.sleep(1000);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      assertThat(BrokerProcess.accepts((int) started[1])).isTrue();

      // the next detached LocalBroker on the directory adopts it: same process, port and data
      List<String> events = new CopyOnWriteArrayList<>();
      try (LocalBroker again = LocalBroker.builder().dataDir(dir).detached(true).events(events::add).build().start()) {
        assertThat(again.pid()).isEqualTo(pid);
        assertThat(again.bootstrap()).isEqualTo(bootstrap);
        assertThat(events).containsExactly("reusing the broker left running on " + bootstrap + " (pid " + pid + ")");
        assertThat(readAll(again.bootstrap(), tp)).containsExactly("k=v");
      }
      await(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));

      // another orphan, stopped without starting anything
      Parent second = startParent(dir, parents);
      long orphan = second.awaitBroker()[0];
      second.kill();
      assertThat(LocalBroker.stopOrphan(dir)).contains(orphan);
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
      assertThat(LocalBroker.stopOrphan(dir)).isEmpty();
    } finally {
      for (Parent p : parents) {
        p.kill();
        Files.deleteIfExists(p.out());
      }
      var orphan = BrokerLock.running(dir); // one left by a failure
      if (orphan.isPresent()) {
        orphan.get().process().destroyForcibly();
        orphan.get().process().onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A {@link DetachedParent} JVM and the file of its output. */
  private record Parent(Process process, Path out) {
    /** The pid and port of its broker, once it has started it. */
    long[] awaitBroker() throws Exception {
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < end) {
        String text = Files.readString(out);
        if (text.contains("started ")) {
          String[] w = text.substring(text.indexOf("started ")).strip().split("\\s+");
          return new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])};
        }
        if (!process.isAlive()) {
          throw new AssertionError("the parent JVM exited with " + process.exitValue() + ": " + text);
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the parent JVM did not start its broker: " + Files.readString(out));
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hook runs
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Parent startParent(Path dir, List<Parent> parents) throws IOException {
    Path out = Files.createTempFile("ipvm-detached-parent-", ".out");
    Process p = new ProcessBuilder(BrokerFiles.javaExecutable(), "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), DetachedParent.class.getName(), dir.toString())
        .redirectOutput(out.toFile())
        .redirectErrorStream(true)
        .start();
    Parent parent = new Parent(p, out);
    parents.add(parent);
    return parent;
  }

  private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aPortTakenByAnotherProgramFailsWithAClearMessage(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LocalBroker broker = LocalBroker.builder().dataDir(dir).port(taken.getLocalPort()).build();
      assertThatThrownBy(broker::start)
          .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use (another broker, or another"
              + " program?): stop it or choose another port");
      assertThat(broker.isRunning()).isFalse();
    }
  }

  @Test
  void aBrokerThatCannotStartThrowsWithItsLastLogLines(@TempDir Path dir) throws Exception {
    // an invalid setting makes the broker exit at once
    LocalBroker broker = LocalBroker.builder().dataDir(dir).property("num.network.threads", "zero")
        .startTimeout(Duration.ofSeconds(30)).build();
    assertThatThrownBy(broker::start).isInstanceOf(IOException.class)
        .hasMessageContaining("num.network.threads");
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void clusterIdsAreKafkaUuids() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = BrokerFiles.newClusterId();
      assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
      ids.add(id);
    }
    assertThat(ids).hasSize(100);
  }

  @Test
  void aDataDirectoryIsRequired() {
    assertThatThrownBy(() -> LocalBroker.builder().build()).hasMessageContaining("data directory");
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, TopicPartition tp) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
      List<String> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.key() + "=" + r.value());
        }
      }
      return out;
    }
  }
}
