package dev.ipvm.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ipvm dev} starts the receipt index beside the job, in a JVM of its own, prints the
 * explorer's URL, and stops it when it stops. Here rather than in dev/ because the reactor builds
 * this module after dev: only then is there an index for the stack to start.
 */
class DevStackIndexIT {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir
  Path dir;

  @Test
  void theDevStackStartsTheIndexAndStopsIt() throws Exception {
    int indexPort = free();
    Path data = dir.resolve("data");
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/ipvm").toString(), "dev", "--data", data.toString(),
        "--kafka-port", "" + free(), "--ui-port", "" + free(), "--metrics-port", "" + free(),
        "--index-port", "" + indexPort, "--set", "parallelism=1")
        .directory(dir.toFile()).redirectOutput(dir.resolve("dev.out").toFile())
        .redirectError(dir.resolve("dev.err").toFile());
    pb.environment().put("IPVM_BUILD_DIR", buildDir());
    Process dev = pb.start();
    try {
      String banner = awaitBanner(dev);
      assertThat(banner).contains("explorer          http://127.0.0.1:" + indexPort + "/");

      HttpClient http = HttpClient.newHttpClient();
      String health = "";
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!health.contains("\"assigned\":true") && System.nanoTime() < end) {
        try {
          health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + indexPort + "/health")).build(),
              HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException notYet) {
          Thread.sleep(500);
        }
      }
      assertThat(health).as(Files.readString(data.resolve("index.log"))).contains("\"status\":\"ok\"")
          .contains("\"assigned\":true")
          .contains("\"verifier\":\"libsodium\"");  // the jar's libsodium loads from the launcher's classpath
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + indexPort + "/"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).containsIgnoringCase("<html");
    } finally {
      dev.destroy(); // SIGTERM, as Ctrl-C
      assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("bin/ipvm dev stopped").isTrue();
    }
    String marker = data.resolve("index").toString();
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(marker))).as("no index process left").isEmpty();
  }

  private String awaitBanner(Process dev) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < end) {
      String out = Files.readString(dir.resolve("dev.out"));
      if (out.contains("Ctrl-C stops everything")) {
        return out;
      }
      if (!dev.isAlive()) {
        throw new AssertionError("bin/ipvm dev exited: " + Files.readString(dir.resolve("dev.err")));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("bin/ipvm dev did not start: " + Files.readString(dir.resolve("dev.err")));
  }

  private static String buildDir() throws Exception {
    return Path.of(DevStackIndexIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
        .getFileName().toString();
  }

  private static int free() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
