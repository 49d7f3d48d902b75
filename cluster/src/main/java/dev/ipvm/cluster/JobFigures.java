package dev.ipvm.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's own figures summed over the TaskManagers, read from each one's Prometheus endpoint
 * (the same metrics deploy/grafana/ipvm.json charts). Counters count since each task last
 * started: a restart starts them again.
 *
 * @param invocations invocations taken in ({@code ipvm_invocationsIn})
 * @param memoHits answered from the memo
 * @param coalesced joined a run of the same task already under way
 * @param executions Wasm runs and effects performed
 * @param receipts receipts sent
 * @param errors error receipts by error name ({@code ipvm_errors_<Name>})
 * @param rejected invocations refused at the intake by reason ({@code ipvm_rejected_<Name>}, DLQ)
 * @param lag records not yet read from the input topics ({@code pendingRecords} of the Kafka sources)
 * @param reporting how many TaskManagers answered
 */
record JobFigures(double invocations, double memoHits, double coalesced, double executions, double receipts,
    Map<String, Double> errors, Map<String, Double> rejected, double lag, int reporting) {
  private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Memo hits per invocation taken in; NaN before the first. */
  double memoHitRatio() {
    return invocations == 0 ? Double.NaN : memoHits / invocations;
  }

  /** Scrapes {@code http://127.0.0.1:<port>/metrics} for every port; a port that does not answer is skipped. */
  static JobFigures scrape(Iterable<Integer> ports) {
    Map<String, Double> sums = new TreeMap<>();
    int reporting = 0;
    for (int port : ports) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          reporting++;
          add(r.body(), sums);
        }
      } catch (IOException e) {
        // that TaskManager is down or still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new JobFigures(sum(sums, "ipvm_invocationsIn"), sum(sums, "ipvm_memoHits"), sum(sums, "ipvm_coalesced"),
        sum(sums, "ipvm_executions"), sum(sums, "ipvm_receiptsOut"), byName(sums, "ipvm_errors_"),
        byName(sums, "ipvm_rejected_"), sum(sums, "pendingRecords"), reporting);
  }

  /** Adds every operator metric sample of a Prometheus text page into {@code sums}, by name. */
  static void add(String page, Map<String, Double> sums) {
    for (String line : page.split("\n")) {
      if (!line.startsWith(OPERATOR)) {
        continue;
      }
      int nameEnd = line.indexOf('{');
      int valueStart = line.lastIndexOf(' ');
      if (nameEnd < 0 || valueStart < nameEnd) {
        continue;
      }
      try {
        double v = Double.parseDouble(line.substring(valueStart + 1));
        if (!Double.isNaN(v)) {
          sums.merge(line.substring(OPERATOR.length(), nameEnd), v, Double::sum);
        }
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
  }

  private static double sum(Map<String, Double> sums, String name) {
    return sums.getOrDefault(name, 0.0);
  }

  private static Map<String, Double> byName(Map<String, Double> sums, String prefix) {
    Map<String, Double> out = new TreeMap<>();
    sums.forEach((k, v) -> {
      if (k.startsWith(prefix) && v > 0) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
