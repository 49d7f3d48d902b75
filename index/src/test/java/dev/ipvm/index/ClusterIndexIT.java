package dev.ipvm.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ipvm cluster up} starts the receipt index beside the cluster (detached, like the
 * Flink processes), prints the explorer's URL, {@code status} reports it, {@code up --no-index}
 * stops it and {@code down} leaves no index process (673 s once here, under a load of about 55 on
 * 2 cores: the cluster's JVMs start and stop). Here rather than in cluster/ because the reactor
 * builds this module after cluster: only then is there an index for the cluster to start.
 * One TaskManager and no job: the index waits for the topics, which is all it needs to answer.
 */
class ClusterIndexIT {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir
  Path dir;

  record Result(int code, String out) {}

  @Test
  void clusterUpStartsTheIndexStatusReportsItAndDownStopsIt() throws Exception {
    Path home = dir.resolve("cluster");
    int indexPort = free();
    String marker = "-Dipvm.index=" + home.resolve("index") + " ";
    try {
      Result up = cluster(home, "up", "--taskmanagers", "1", "--kafka-port", "" + free(), "--rest-port", "" + free(),
          "--metrics-port", "" + (20000 + (int) (Math.random() * 20000)), "--index-port", "" + indexPort);
      assertThat(up.code).as(up.out).isZero();
      assertThat(up.out).contains("explorer          http://127.0.0.1:" + indexPort + "/");
      assertThat(indexProcesses(marker)).as("one index process, detached").hasSize(1);

      String health = awaitHealth(indexPort, home);
      assertThat(health).contains("\"status\":\"ok\"");

      Result status = cluster(home, "status");
      assertThat(status.out).as(indexLog(home)).containsPattern("index        http://127\\.0\\.0\\.1:" + indexPort + "/ \\(explorer; pid \\d+\\)")
          .doesNotContain("receipt index is not running");

      Result noIndex = cluster(home, "up", "--no-index");
      assertThat(noIndex.code).as(noIndex.out).isZero();
      assertThat(noIndex.out).contains("explorer          not started (--no-index)");
      assertThat(indexProcesses(marker)).as("up --no-index stops it").isEmpty();
      assertThat(cluster(home, "status").out).contains("index        not started (up --no-index)");
    } finally {
      Result down = cluster(home, "down", "--now");
      assertThat(down.code).as(down.out).isZero();
    }
    assertThat(indexProcesses(marker)).as("no index process left after down").isEmpty();
  }

  private static List<ProcessHandle> indexProcesses(String marker) {
    return ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(marker))
        .toList();
  }

  private static String awaitHealth(int port, Path home) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException notYet) {
        Thread.sleep(500);
      }
    }
    Path log = home.resolve("log").resolve("index.log");
    throw new AssertionError("the index did not answer within 60 s: " + (Files.exists(log) ? Files.readString(log) : "no log"));
  }

  private static String indexLog(Path home) throws java.io.IOException {
    Path log = home.resolve("log").resolve("index.log");
    return "index.log: " + (Files.exists(log) ? Files.readString(log) : "none");
  }

  /** {@code bin/ipvm cluster --home HOME args...}: its exit code and its output (stdout and stderr). */
  private Result cluster(Path home, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/ipvm").toString(), "cluster", "--home", home.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("IPVM_BUILD_DIR", buildDir());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    System.out.print(out);
    return new Result(code, out);
  }

  private static String buildDir() throws Exception {
    return Path.of(ClusterIndexIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
        .getFileName().toString();
  }

  private static int free() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
