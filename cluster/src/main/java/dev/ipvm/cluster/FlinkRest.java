package dev.ipvm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The JobManager's REST API, as an operator's tooling uses it: upload and run the job jar, list
 * jobs, read checkpoints, trigger savepoints and stop with one. Errors carry Flink's own message.
 */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRest(String base) {
    this.base = base;
  }

  /** A job as {@code /jobs/overview} lists it. */
  record Job(String id, String name, String state, long startTime) {
    boolean running() {
      return List.of("RUNNING", "CREATED", "INITIALIZING", "RESTARTING", "RECONCILING").contains(state);
    }
  }

  /** Whether the JobManager answers. */
  boolean reachable() {
    try {
      get("/overview");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /overview}: taskmanagers, slots-total, slots-available, jobs-running, flink-version. */
  JsonNode overview() throws IOException {
    return get("/overview");
  }

  List<Job> jobs() throws IOException {
    List<Job> out = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      out.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
          j.path("start-time").asLong()));
    }
    return out;
  }

  /** The newest job named {@code name} that is not finished. */
  Optional<Job> runningJob(String name) throws IOException {
    return jobs().stream().filter(j -> j.name().equals(name) && j.running())
        .max(java.util.Comparator.comparingLong(Job::startTime));
  }

  /** {@code /jobs/:id}: state and vertices with their parallelism. */
  JsonNode job(String id) throws IOException {
    return get("/jobs/" + id);
  }

  /** {@code /jobs/:id/checkpoints}: counts and the latest completed, failed and restored ones. */
  JsonNode checkpoints(String id) throws IOException {
    return get("/jobs/" + id + "/checkpoints");
  }

  /** {@code /taskmanagers}: every registered TaskManager with its slots. */
  JsonNode taskManagers() throws IOException {
    return get("/taskmanagers");
  }

  /** Uploads a jar ({@code /jars/upload}); its id for {@link #runJar}. */
  String uploadJar(Path jar) throws IOException {
    String boundary = "ipvm" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode r = send(HttpRequest.newBuilder(uri("/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Duration.ofMinutes(2));
    return Path.of(r.path("filename").asText()).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main with {@code args} ({@code /jars/:id/run}), restoring {@code
   * savepoint} when given; the new job's id.
   */
  String runJar(String jarId, List<String> args, String savepoint) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    args.forEach(body.putArray("programArgsList")::add);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
      // the async executors of older versions left state under uids that no longer exist
      body.put("allowNonRestoredState", true);
    }
    return post("/jars/" + jarId + "/run", body, Duration.ofMinutes(3)).path("jobid").asText();
  }

  void deleteJar(String jarId) throws IOException {
    send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE(), Duration.ofSeconds(30));
  }

  /** Triggers a savepoint into {@code dir}; its path once written. */
  String savepoint(String jobId, Path dir, Duration timeout) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("target-directory", dir.toUri().toString()).put("cancel-job", false);
    return awaitSavepoint(jobId, post("/jobs/" + jobId + "/savepoints", body, Duration.ofSeconds(30))
        .path("request-id").asText(), timeout);
  }

  /** Stops the job with a savepoint into {@code dir} ({@code /jobs/:id/stop}); its path. */
  String stopWithSavepoint(String jobId, Path dir, Duration timeout) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("targetDirectory", dir.toUri().toString()).put("drain", false);
    return awaitSavepoint(jobId, post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
        .path("request-id").asText(), timeout);
  }

  void cancel(String jobId) throws IOException {
    send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()), Duration.ofSeconds(30));
  }

  private String awaitSavepoint(String jobId, String requestId, Duration timeout) throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      JsonNode r = get("/jobs/" + jobId + "/savepoints/" + requestId);
      if (r.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode op = r.path("operation");
        if (op.has("location")) {
          return op.path("location").asText();
        }
        throw new IOException("the savepoint failed: " + failure(op.path("failure-cause")));
      }
      pause(300);
    }
    throw new IOException("no savepoint within " + timeout.toSeconds() + " s (request " + requestId + ")");
  }

  private static String failure(JsonNode cause) {
    String trace = cause.path("stack-trace").asText("");
    String firstLine = trace.isEmpty() ? cause.toString() : trace.lines().findFirst().orElse(trace);
    // Flink wraps the reason; the innermost "Caused by" line says what happened
    return trace.lines().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse(firstLine);
  }

  JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ofSeconds(30));
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())), timeout);
  }

  private JsonNode send(HttpRequest.Builder request, Duration timeout) throws IOException {
    HttpRequest r = request.timeout(timeout).build();
    HttpResponse<String> res;
    try {
      res = http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("the JobManager does not answer on " + base + " (is the cluster up? bin/ipvm cluster status)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode json = res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
    if (res.statusCode() / 100 != 2) {
      List<String> errors = new ArrayList<>();
      json.path("errors").forEach(e -> errors.add(e.asText().lines().findFirst().orElse("")));
      throw new IOException(r.method() + " " + r.uri().getPath() + ": HTTP " + res.statusCode()
          + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
    }
    return json;
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  /** Waits between two polls of the REST API. */
  static void pause(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
