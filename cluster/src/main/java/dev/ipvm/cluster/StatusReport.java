package dev.ipvm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.deploy.index.IndexProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ipvm cluster status}: the processes, the job's state, parallelism and last checkpoint,
 * the receipt index, and the job's own figures. Healthy when the broker, the JobManager, every
 * TaskManager, the index (unless {@code up --no-index}) and the job run; what is not is said in
 * the last lines.
 */
final class StatusReport {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusReport() {}

  /** Prints the status; the problems found (empty when healthy). */
  static List<String> print(LocalCluster c, PrintStream out) throws IOException {
    List<String> problems = new ArrayList<>();
    ClusterSettings s = c.settings;
    out.println("cluster      " + c.home.root());
    Optional<LocalBroker.Running> broker = LocalBroker.running(c.home.kafka());
    out.println("Kafka        " + broker.map(b -> b.bootstrap() + " (pid " + b.pid() + ")").orElse("not running"));
    if (broker.isEmpty()) {
      problems.add("Kafka is not running (bin/ipvm cluster up)");
    }
    boolean reachable = c.rest.reachable();
    if (reachable) {
      JsonNode o = c.rest.overview();
      out.printf("Flink        %s (Flink %s): %d TaskManagers, %d slots (%d free)%n", s.restUrl(),
          o.path("flink-version").asText(), o.path("taskmanagers").asInt(), o.path("slots-total").asInt(),
          o.path("slots-available").asInt());
    } else {
      out.println("Flink        " + s.restUrl() + " does not answer");
    }
    Map<String, FlinkProcess> running = FlinkProcess.running(c.home);
    List<String> expected = new ArrayList<>(List.of(FlinkProcess.JOB_MANAGER));
    for (int i = 1; i <= s.taskManagers(); i++) {
      expected.add(FlinkProcess.taskManager(i));
    }
    running.keySet().stream().filter(n -> !expected.contains(n)).forEach(expected::add);
    out.println("processes");
    for (String name : expected) {
      FlinkProcess p = running.get(name);
      String metrics = name.equals(FlinkProcess.JOB_MANAGER) ? "" + s.metricsPort()
          : "" + s.metricsPort(Integer.parseInt(name.substring(name.indexOf('-') + 1)));
      out.printf("  %-15s %-12s metrics :%s  log %s%n", name, p != null ? "pid " + p.pid() : "NOT RUNNING", metrics,
          c.home.logs().resolve(name + ".log"));
      if (p == null) {
        problems.add(name + " is not running (bin/ipvm cluster up starts it again)");
      }
    }
    printIndex(c, out, problems);
    if (!reachable) {
      problems.add("the JobManager's REST API does not answer");
      return problems;
    }
    Optional<FlinkRest.Job> job = c.rest.runningJob(LocalCluster.JOB_NAME);
    if (job.isEmpty()) {
      out.println("job          not running (bin/ipvm cluster submit)");
      problems.add("the job is not running");
      return problems;
    }
    printJob(c, job.get(), out);
    printFigures(c, out);
    return problems;
  }

  /** The receipt index's line: its explorer, pid and what its /health says; a problem when it should run and does not. */
  private static void printIndex(LocalCluster c, PrintStream out, List<String> problems) {
    Optional<IndexProcess> index = c.index();
    if (index.isEmpty()) {
      out.println("index        " + (!c.settings.index() ? "not started (up --no-index)" : "NOT RUNNING"));
      if (c.settings.index()) {
        problems.add("the receipt index is not running (bin/ipvm cluster up starts it again; its log: "
            + c.home.logs().resolve("index.log") + ")");
      }
      return;
    }
    String health;
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
          HttpRequest.newBuilder(URI.create(index.get().explorerUrl() + "health")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode h = new ObjectMapper().readTree(r.body());
      health = h.path("indexed").asLong() + " receipts indexed, " + (h.path("assigned").asBoolean()
          ? "lag " + h.path("lag").toString() : "waiting for the topics") + (r.statusCode() == 200 ? "" : ", " + h.path("error"));
      if (r.statusCode() != 200) {
        problems.add("the receipt index's ingest has stopped: " + h.path("error").asText());
      }
    } catch (IOException e) {
      health = "not answering yet";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health = "not asked";
    }
    out.println("index        " + index.get().explorerUrl() + " (explorer; pid " + index.get().pid() + "): " + health
        + "  log " + c.home.logs().resolve("index.log"));
  }

  private static void printJob(LocalCluster c, FlinkRest.Job job, PrintStream out) throws IOException {
    JsonNode detail = c.rest.job(job.id());
    int parallelism = 0;
    for (JsonNode v : detail.path("vertices")) {
      parallelism = Math.max(parallelism, v.path("parallelism").asInt());
    }
    out.printf("job          %s %s %s since %s, parallelism %d%n", job.name(), job.id(), job.state(),
        TIME.format(Instant.ofEpochMilli(job.startTime())), parallelism);
    JsonNode cp = c.rest.checkpoints(job.id());
    JsonNode last = cp.path("latest").path("completed");
    if (last.isMissingNode() || last.isNull()) {
      out.println("checkpoints  none completed yet");
    } else {
      long ago = (System.currentTimeMillis() - last.path("latest_ack_timestamp").asLong()) / 1000;
      out.printf("checkpoints  #%d %d s ago, %s, took %d ms; %d completed, %d failed%n", last.path("id").asLong(), ago,
          bytes(last.path("checkpointed_size").asLong(last.path("state_size").asLong())),
          last.path("end_to_end_duration").asLong(), cp.path("counts").path("completed").asLong(),
          cp.path("counts").path("failed").asLong());
    }
    JsonNode restored = cp.path("latest").path("restored");
    if (!restored.isMissingNode() && !restored.isNull()) {
      out.println("restored     from " + restored.path("external_path").asText());
    }
  }

  private static void printFigures(LocalCluster c, PrintStream out) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 1; i <= c.settings.taskManagers(); i++) {
      ports.add(c.settings.metricsPort(i));
    }
    JobFigures f = JobFigures.scrape(ports);
    out.printf("figures      (since each task last started; %d of %d TaskManagers reporting)%n", f.reporting(), ports.size());
    out.printf("  invocations %.0f, memo hits %.0f (%s), coalesced %.0f, executions %.0f, receipts %.0f%n",
        f.invocations(), f.memoHits(), Double.isNaN(f.memoHitRatio()) ? "-" : String.format("%.1f %%", 100 * f.memoHitRatio()),
        f.coalesced(), f.executions(), f.receipts());
    out.println("  errors      " + (f.errors().isEmpty() ? "none" : names(f.errors())));
    out.println("  refused     " + (f.rejected().isEmpty() ? "none" : names(f.rejected()) + " (to the DLQ)"));
    out.printf("  consumer lag %.0f records%n", f.lag());
  }

  private static String names(Map<String, Double> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(k + " " + Math.round(v)));
    return String.join(", ", parts);
  }

  private static String bytes(long n) {
    return n < 1024 ? n + " B" : n < 1 << 20 ? String.format("%.1f KiB", n / 1024.0) : String.format("%.1f MiB", n / 1048576.0);
  }
}
