package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.testing.TestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard an operator imports (deploy/grafana/ipvm.json) queries metrics the job
 * really exports: a job runs with Flink's Prometheus reporter, does some work, and every metric
 * name in the dashboard's queries is found in what the reporter serves.
 */
class MetricsIT {
  static final Path DASHBOARD = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/grafana/ipvm.json");
  static int port;
  static JobHarness h;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    h = new JobHarness(TestBroker.bootstrap(), b -> b, c -> {
      c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      c.setString("metrics.reporter.prom.port", Integer.toString(port));
      c.setString("rest.port", "0"); // this module has Flink's web UI on its classpath: any free port
    }).start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Metric names (without labels) the reporter serves now. */
  static Set<String> scrape() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Set<String> names = new TreeSet<>();
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  /**
   * The metric names the dashboard's PromQL expressions use; a name followed by {@code .+} (in a
   * {@code __name__=~} matcher) is a prefix, kept with its {@code .+}.
   */
  static Set<String> dashboardMetrics() throws IOException {
    Set<String> out = new TreeSet<>();
    Matcher expr = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(DASHBOARD));
    while (expr.find()) {
      Matcher name = Pattern.compile("\\bflink_[A-Za-z0-9_]+(\\.\\+)?").matcher(expr.group(1));
      while (name.find()) {
        out.add(name.group());
      }
    }
    return out;
  }

  /** The wanted names none of the served ones is (or, for a prefix, starts with). */
  static Set<String> missing(Set<String> wanted, Set<String> served) {
    Set<String> out = new TreeSet<>();
    for (String w : wanted) {
      boolean found = w.endsWith(".+") ? served.stream().anyMatch(n -> n.startsWith(w.substring(0, w.length() - 2)))
          : served.contains(w);
      if (!found) {
        out.add(w);
      }
    }
    return out;
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    Cid math = h.putBlock(JobHarness.sample("math.wasm"));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      var inv = h.invocation(math, "add", Ipld.integer(1), Ipld.integer(2));
      h.publish(inv);
      assertThat(JobHarness.receipt(receipts.receiptFor(inv)).payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(3)));
      h.publish(inv); // a memo hit
      var starved = h.invocation(new dev.ipvm.task.WasmRun(new dev.ipvm.task.WasmRun.ModuleRef.Linked(math), "add",
          java.util.List.of(Ipld.integer(2), Ipld.integer(2))), Ipld.Map.builder().put("fuel", 1).build());
      h.publish(starved); // an error receipt: errors_OutOfFuel
      byte[] tampered = inv.bytes().clone();
      tampered[5] ^= 1;
      h.publishRaw(tampered); // refused by the intake: rejected_InvalidSignature
      receipts.receiptsFor(java.util.List.of(starved.cid().toString(), Cid.of(dev.ipvm.cid.Multicodec.DAG_CBOR,
          tampered).toString()), Duration.ofSeconds(60), Duration.ZERO);
    }
    Set<String> wanted = dashboardMetrics();
    assertThat(wanted).as("the dashboard queries IPVM's metrics").isNotEmpty();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Set<String> served = scrape();
    while (!missing(wanted, served).isEmpty() && System.nanoTime() < end) { // checkpoint metrics come with the first
      Thread.sleep(500);
      served = scrape();
    }
    Set<String> missing = missing(wanted, served);
    if (Boolean.getBoolean("metrics.list")) {
      served.forEach(System.out::println);
    }
    assertThat(missing).as("dashboard metrics the reporter does not serve (-Dmetrics.list=true lists them)").isEmpty();
  }
}
