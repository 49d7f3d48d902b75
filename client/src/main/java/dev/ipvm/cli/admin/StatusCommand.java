package dev.ipvm.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipvm status}: is the deployment up, and is work flowing through it? */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the broker, its topics and traffic, and the job's state.",
        "The topics are the deployment's; the job's state comes from Flink.",
        "Receipts per second are counted over the last minute from the receipts topic's offsets. The job is looked "
            + "up by name (ipvm) in Flink's REST API at --flink, which is where bin/ipvm dev and bin/ipvm cluster "
            + "serve it. Exit 0 when the broker answers, every topic exists and the job runs; 1 otherwise."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm status", "  ipvm status --bootstrap kafka:9092 --flink http://jobmanager:8081"})
public final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--flink", paramLabel = "URL", defaultValue = "${env:IPVM_FLINK:-http://127.0.0.1:8081}",
      description = {"Flink's REST API (default: $IPVM_FLINK).", "Without it: http://127.0.0.1:8081."})
  String flink;

  @Override
  public Integer call() throws Exception {
    boolean healthy = true;
    Kafka.probe(kafka.bootstrap());
    Topics topics = kafka.topics();
    try (Admin admin = Kafka.admin(kafka.bootstrap())) {
      var cluster = admin.describeCluster();
      System.out.printf("broker      %s (cluster %s, %d node%s)%n", kafka.bootstrap(), cluster.clusterId().get(),
          cluster.nodes().get().size(), cluster.nodes().get().size() == 1 ? "" : "s");
      List<String> names = List.of(topics.invocations(), topics.receipts(), topics.blocks(), topics.feedback(),
          topics.dlq(), topics.delegations(), topics.revocations());
      List<TopicFacts> facts = TopicFacts.of(admin, names);
      System.out.println("topics");
      for (String name : names) {
        var f = TopicCommand.find(facts, name);
        System.out.printf("  %-28s %s%n", name, f.map(t -> t.partitions() + " partitions, " + t.records() + " records")
            .orElse("MISSING (the job creates its topics when it starts)"));
        healthy &= f.isPresent();
      }
      if (TopicCommand.find(facts, topics.receipts()).isPresent()) {
        TopicDescription receipts = admin.describeTopics(List.of(topics.receipts())).allTopicNames().get()
            .get(topics.receipts());
        long lastMinute = TopicFacts.since(admin, receipts, System.currentTimeMillis() - 60_000);
        System.out.printf("receipts    %.1f/s over the last minute%n", lastMinute / 60.0);
      }
    }
    healthy &= job();
    return healthy ? 0 : 1;
  }

  /** Prints the job's state and last checkpoint; whether it runs. */
  private boolean job() {
    try {
      JsonNode running = null;
      for (JsonNode j : get("/jobs/overview").path("jobs")) {
        if (j.path("name").asText().equals("ipvm") && (running == null
            || j.path("start-time").asLong() > running.path("start-time").asLong())) {
          running = j;
        }
      }
      if (running == null) {
        System.out.println("job         no job named ipvm in Flink at " + flink);
        return false;
      }
      String id = running.path("jid").asText();
      System.out.printf("job         %s %s (Flink at %s)%n", id, running.path("state").asText(), flink);
      JsonNode last = get("/jobs/" + id + "/checkpoints").path("latest").path("completed");
      if (last.isObject()) {
        System.out.printf("checkpoint  #%d, %d s ago, took %d ms%n", last.path("id").asLong(),
            (System.currentTimeMillis() - last.path("latest_ack_timestamp").asLong()) / 1000,
            last.path("end_to_end_duration").asLong());
      } else {
        System.out.println("checkpoint  none completed yet (receipts wait for the first)");
      }
      return running.path("state").asText().equals("RUNNING");
    } catch (IOException e) {
      System.out.println("job         Flink does not answer at " + flink + " (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "); set --flink");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
        HttpRequest.newBuilder(URI.create(flink + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " for " + path);
    }
    return JSON.readTree(r.body());
  }
}
