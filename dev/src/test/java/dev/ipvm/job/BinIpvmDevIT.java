package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.testing.IdempotentServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two terminals, as processes: {@code bin/ipvm dev} in one, {@code bin/ipvm run}
 * of a sample and the image demo workflows in the other; kcat reads the receipts; Ctrl-C (SIGTERM) stops everything; a
 * second {@code bin/ipvm dev} resumes from its checkpoint and answers the same run from its memo,
 * also after its broker was killed with SIGKILL (restarted); a SIGKILL of {@code ipvm dev} leaves
 * the broker running, and {@code ipvm dev --stop} stops it.
 */
class BinIpvmDevIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path IPVM = ROOT.resolve("bin/ipvm");

  record Run(int code, String out, String err) {}

  /** What the Prometheus reporter of ipvm dev serves, on the first port of its range that answers. */
  private static String prometheus() throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    for (int port = 9249; port <= 9259; port++) {
      try {
        var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.body().contains("flink_")) {
          return r.body();
        }
      } catch (java.io.IOException e) {
        // nothing on this port
      }
    }
    return "";
  }

  private String effectsAllowed = "";

  private final List<Process> started = new ArrayList<>();

  @Test
  void devInOneTerminalRunInAnother(@TempDir Path dir) throws Exception {
    try (IdempotentServer server = new IdempotentServer()) {
      devInOneTerminalRunInAnother(dir, server);
    } finally {
      for (Process p : started) { // after a failure: the job's JVMs, then a broker one of them left running
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      LocalBroker.stopOrphan(dir.resolve("dev/kafka"));
    }
  }

  private void devInOneTerminalRunInAnother(Path dir, IdempotentServer server) throws Exception {
    effectsAllowed = "127.0.0.1:" + server.port();
    Path data = dir.resolve("dev");
    int kafkaPort = freePort();
    int uiPort = freePort();
    String bootstrap = "127.0.0.1:" + kafkaPort;

    Process dev = startDev(dir, data, kafkaPort, uiPort, "first");
    String banner = awaitBanner(dev, dir.resolve("first.out"), dir.resolve("first.err"));
    assertThat(banner).contains("Kafka bootstrap   " + bootstrap).contains("http://localhost:" + uiPort)
        .contains("executor DID      did:key:z6Mk");
    String math = cid(banner, "math.wasm");

    Run run = ipvm(dir, "run", math, "--fun", "add", "20", "22", "--bootstrap", bootstrap, "--timeout", "90");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo("42");
    assertThat(banner).contains("metrics           http://localhost:9249/metrics");
    assertThat(prometheus()).as("the job's metrics, for Prometheus").contains("flink_taskmanager_job_task_operator_ipvm_invocationsIn");

    // The banner's delegation lines, as a user would run them: on the executor's behalf, sharing its memo.
    assertThat(banner).contains("--key " + data + "/executor.pem");
    Path user = dir.resolve("user.pem");
    assertThat(ipvm(dir, "key", "new", "--out", user.toString()).code()).isZero();
    Run did = ipvm(dir, "key", "did", "--key", user.toString());
    Run grant = ipvm(dir, "delegation", "new", "--key", data.resolve("executor.pem").toString(), "--aud", did.out().trim(),
        "--cmd", "/wasm", "--out", dir.resolve("user.ucan").toString());
    assertThat(grant.code()).as(grant.err()).isZero();
    Run delegated = ipvm(dir, "run", "--key", user.toString(), "--proof", dir.resolve("user.ucan").toString(), math,
        "--fun", "add", "20", "22", "--bootstrap", bootstrap, "--timeout", "90");
    assertThat(delegated.code()).as(delegated.err()).isZero();
    assertThat(delegated.out().trim()).isEqualTo("42");

    // The delegation published once, then named by CID only; a workflow on the executor's behalf;
    // then the executor revokes it, and the same user is refused from then on.
    Run published = ipvm(dir, "delegation", "publish", dir.resolve("user.ucan").toString(), "--bootstrap", bootstrap);
    assertThat(published.code()).as(published.err()).isZero();
    assertThat(published.out().trim()).startsWith("bafy");
    Run byCid = ipvm(dir, "run", "--key", user.toString(), "--proof", dir.resolve("user.ucan").toString(),
        "--proofs-published", math, "--fun", "add", "20", "23", "--bootstrap", bootstrap, "--timeout", "90");
    assertThat(byCid.code()).as(byCid.err()).isZero();
    assertThat(byCid.out().trim()).isEqualTo("43");
    Run onBehalf = ipvm(dir, "workflow", "run", ROOT.resolve("examples/homestar-math.json").toString(),
        "--key", user.toString(), "--proof", dir.resolve("user.ucan").toString(),
        "--bootstrap", bootstrap, "--out", dir.resolve("behalf").toString());
    assertThat(onBehalf.code()).as(onBehalf.err()).isZero();
    assertThat(onBehalf.out()).contains("#3: 832040");
    Run revoke = ipvm(dir, "revoke", "--key", data.resolve("executor.pem").toString(),
        dir.resolve("user.ucan").toString(), "--bootstrap", bootstrap);
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("revoked " + published.out().trim());
    Run refused = ipvm(dir, "run", "--key", user.toString(), "--proof", dir.resolve("user.ucan").toString(), math,
        "--fun", "add", "20", "22", "--bootstrap", bootstrap, "--timeout", "90");
    assertThat(refused.code()).as(refused.out()).isEqualTo(1);
    assertThat(refused.out() + refused.err()).contains("Revoked");

    if (onPath("kcat")) { // .ci/run installs it (Debian package kcat)
      Process kcat = new ProcessBuilder("kcat", "-b", bootstrap, "-C", "-t", "ipvm.receipts",
          "-X", "isolation.level=read_committed", "-e", "-f", "%k %h\\n").redirectErrorStream(false).start();
      assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String lines = new String(kcat.getInputStream().readAllBytes());
      assertThat(lines).contains("status=ok").containsPattern("^bafy\\w+ task=bafy");
    }

    // The image demo from examples/: the second workflow reuses the first one's shared steps.
    Run blur = ipvm(dir, "workflow", "run", ROOT.resolve("examples/image-blur.json").toString(),
        "--bootstrap", bootstrap, "--out", dir.resolve("blur").toString());
    assertThat(blur.code()).as(blur.err()).isZero();
    assertThat(blur.out()).contains("blur: written to");
    Run gray = ipvm(dir, "workflow", "run", ROOT.resolve("examples/image-gray.json").toString(),
        "--bootstrap", bootstrap, "--out", dir.resolve("gray").toString());
    assertThat(gray.code()).as(gray.err()).isZero();
    assertThat(gray.err()).containsPattern("crop\\s+memo hit").containsPattern("rotate\\s+memo hit")
        .containsPattern("gray\\s+ok");
    for (Path image : List.of(dir.resolve("blur/blur.ppm"), dir.resolve("gray/gray.ppm"))) {
      byte[] ppm = Files.readAllBytes(image);
      assertThat(new String(ppm, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("P6\n160 192\n255\n");
      assertThat(ppm).hasSize(15 + 160 * 192 * 3);
    }

    // A Homestar workflow, unchanged (its rsc names math.wasm, which ipvm dev published).
    Run homestar = ipvm(dir, "workflow", "run", ROOT.resolve("examples/homestar-math.json").toString(),
        "--bootstrap", bootstrap, "--out", dir.resolve("homestar").toString());
    assertThat(homestar.code()).as(homestar.err()).isZero();
    assertThat(homestar.out()).contains("#1: 3").contains("#2: 13").contains("#3: 832040");

    // An effect from the CLI, allowed by the --set flags given to ipvm dev; then replayed with its nonce.
    assertThat(banner).contains("effects           HTTP to " + effectsAllowed);
    String[] post = {"http", "post", server.url("/orders"), "-H", "Content-Type: application/json",
        "--data", "{\"item\":42}", "--bootstrap", bootstrap, "--timeout", "90"};
    Run placed = ipvm(dir, post);
    assertThat(placed.code()).as(placed.err()).isZero();
    assertThat(placed.out()).contains("\"applied\"");
    Matcher nonce = Pattern.compile("nonce ([0-9a-f]+)").matcher(placed.err());
    assertThat(nonce.find()).as(placed.err()).isTrue();
    List<String> retry = new ArrayList<>(List.of(post));
    retry.addAll(List.of("--nonce", nonce.group(1)));
    Run replayed = ipvm(dir, retry.toArray(String[]::new));
    assertThat(replayed.code()).as(replayed.err()).isZero();
    assertThat(replayed.err()).contains("replay");
    assertThat(replayed.out()).isEqualTo(placed.out());
    assertThat(server.requests()).as("the replay sent nothing").singleElement()
        .satisfies(r -> assertThat(r.body()).isEqualTo("{\"item\":42}"));

    stop(dev);
    assertThat(Files.readString(dir.resolve("first.err"))).contains("ipvm dev: stopped");
    assertThat(processesUsing(data)).as("no broker or job left running").isEmpty();

    Process again = startDev(dir, data, kafkaPort, uiPort, "second");
    String banner2 = awaitBanner(again, dir.resolve("second.out"), dir.resolve("second.err"));
    assertThat(Files.readString(dir.resolve("second.err"))).contains("resuming from checkpoint");
    assertThat(cid(banner2, "math.wasm")).isEqualTo(math);

    // The broker dies: ipvm dev restarts it on its port, and the job reconnects by itself.
    long brokerPid = brokerPid(data);
    ProcessHandle.of(brokerPid).orElseThrow().destroyForcibly();
    awaitLine(dir.resolve("second.err"), "ipvm dev: the broker is back on " + bootstrap);
    assertThat(Files.readString(dir.resolve("second.err")))
        .contains("ipvm dev: the broker (pid " + brokerPid + ") was killed by signal 9; restarting it");
    Run memo = ipvm(dir, "run", math, "--fun", "add", "20", "22", "--bootstrap", bootstrap, "--timeout", "90");
    assertThat(memo.code()).as(memo.err()).isZero();
    assertThat(memo.out().trim()).isEqualTo("42");
    assertThat(memo.err()).contains("memo hit");

    // ipvm dev dies without its shutdown hook: the broker keeps running until ipvm dev --stop.
    long restarted = brokerPid(data);
    again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Thread.sleep(1000);
    assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).contains(true);
    Run stopped = ipvm(dir, "dev", "--data", data.toString(), "--stop");
    assertThat(stopped.code()).as(stopped.err()).isZero();
    assertThat(stopped.out()).contains("stopped the broker left running in " + data.resolve("kafka")
        + " (pid " + restarted + ")");
    assertThat(processesUsing(data)).as("no broker or job left running").isEmpty();
  }

  /** The pid in the broker's lock file (dev.ipvm.deploy.BrokerLock). */
  private static long brokerPid(Path data) throws IOException {
    Matcher m = Pattern.compile("pid=(\\d+)").matcher(Files.readString(data.resolve("kafka/broker.lock")));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static void awaitLine(Path file, String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Files.readString(file).contains(text)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no \"" + text + "\" in " + file + ": " + Files.readString(file));
      }
      Thread.sleep(200);
    }
  }

  private Process startDev(Path dir, Path data, int kafkaPort, int uiPort, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(IPVM.toString(), "dev", "--data", data.toString(),
        "--kafka-port", Integer.toString(kafkaPort), "--ui-port", Integer.toString(uiPort),
        "--set", "checkpoint.interval=300ms", "--set", "parallelism=1",
        "--set", "effects.http.allow=" + effectsAllowed, "--set", "effects.http.allow.private=true")
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().put("IPVM_BUILD_DIR", buildDir());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static String awaitBanner(Process p, Path out, Path err) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < end) {
      String s = Files.readString(out);
      if (s.contains("Ctrl-C stops everything")) {
        return s;
      }
      if (!p.isAlive()) {
        throw new AssertionError("bin/ipvm dev exited with " + p.exitValue() + ": " + Files.readString(err));
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("bin/ipvm dev did not start: " + Files.readString(err));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/ipvm dev did not stop within 60 s");
    }
  }

  private static List<String> processesUsing(Path data) {
    List<String> out = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    do {
      out.clear();
      ProcessHandle.allProcesses()
          .filter(h -> h.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
          .forEach(h -> out.add(h.info().commandLine().orElse("?")));
    } while (!out.isEmpty() && System.nanoTime() < end);
    return out;
  }

  private static String cid(String banner, String sample) {
    Matcher m = Pattern.compile(Pattern.quote(sample) + "\\s+(b[a-z2-7]+)").matcher(banner);
    assertThat(m.find()).as("banner names " + sample).isTrue();
    return m.group(1);
  }

  private Run ipvm(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(IPVM.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "run", ".out");
    Path err = Files.createTempFile(dir, "run", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("IPVM_BUILD_DIR", buildDir());
    pb.environment().put("IPVM_HOME", dir.resolve("home").toString());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String buildDir() {
    try {
      return Path.of(BinIpvmDevIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent().getFileName().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
