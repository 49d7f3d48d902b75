package dev.ipvm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.receipt.Receipt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's session with {@code bin/ipvm cluster}, in order, against real processes: up with
 * two TaskManagers, submit the job jar, answer an invocation, read the status, rescale 2 → 4 with
 * the memo kept, survive a TaskManager's kill -9, and go down leaving no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  @TempDir
  static Path dir;
  static Path home;
  static int kafkaPort;
  static Traffic traffic;

  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  /** The sample module whose add the tests ask for (Traffic). */
  static final byte[] MATH = read(ROOT.resolve("functions/src/main/resources/samples/math.wasm"));

  @BeforeAll
  static void ports() throws Exception {
    home = dir.resolve("cluster");
    kafkaPort = free();
    System.setProperty("ipvm.jobJar", ROOT.resolve("jobs").resolve(buildDir()).resolve("ipvm-job.jar").toString());
  }

  @AfterAll
  static void down() throws Exception {
    if (traffic != null) {
      traffic.close();
    }
    run("down", "--now"); // whatever happened above, nothing is left running
    assertThat(FlinkProcess.running(new ClusterHome(home))).isEmpty();
  }

  @Test
  @Order(1)
  void upStartsABrokerAJobManagerAndTwoTaskManagersEachItsOwnProcess() throws Exception {
    int rest = free();
    int metrics = 20000 + (int) (Math.random() * 20000);
    // no receipt index: the reactor builds the index module after this one (ClusterIndexIT, there, covers it)
    Result up = run("up", "--taskmanagers", "2", "--kafka-port", "" + kafkaPort, "--rest-port", "" + rest,
        "--metrics-port", "" + metrics, "--no-index");
    assertThat(up.code).as(up.err).isZero();
    assertThat(up.out).contains("IPVM cluster is up", "127.0.0.1:" + kafkaPort);
    Map<String, FlinkProcess> processes = FlinkProcess.running(new ClusterHome(home));
    assertThat(processes).containsOnlyKeys("jobmanager", "taskmanager-1", "taskmanager-2");
    assertThat(processes.values().stream().map(FlinkProcess::pid).distinct()).hasSize(3)
        .doesNotContain(ProcessHandle.current().pid());
    assertThat(LocalBroker.running(home.resolve("kafka"))).isPresent();
  }

  @Test
  @Order(2)
  void submitRunsTheJobJarAndItAnswersAnInvocation() throws Exception {
    Result submit = run("submit", "--parallelism", "2", "--set", "checkpoint.interval=500ms");
    assertThat(submit.code).as(submit.err).isZero();
    assertThat(submit.err).contains("with empty state");
    traffic = new Traffic("127.0.0.1:" + kafkaPort, MATH);
    Receipt r = traffic.await(traffic.send(traffic.add(20, 22)), Duration.ofSeconds(90));
    assertThat(r.out()).isEqualTo(Traffic.ok(42));
    assertThat(Traffic.memoHit(r)).isFalse();
  }

  @Test
  @Order(3)
  void statusThroughTheLauncherShowsTheJobAndItsFigures() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/ipvm").toString(), "cluster", "--home", home.toString(),
        "status").redirectErrorStream(true);
    pb.environment().put("IPVM_BUILD_DIR", buildDir());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("RUNNING", "parallelism 2", "2 TaskManagers, 4 slots")
        .containsPattern("invocations [1-9]").contains("errors      none");
  }

  @Test
  @Order(4)
  void rescaleKeepsTheMemo() throws Exception {
    Result rescale = run("rescale", "4");
    assertThat(rescale.code).as(rescale.err).isZero();
    assertThat(rescale.err).contains("restoring file:").contains("savepoint");
    Result status = run("status");
    assertThat(status.out).contains("parallelism 4", "restored     from");
    Receipt again = traffic.await(traffic.send(traffic.add(20, 22)), Duration.ofSeconds(90));
    assertThat(again.out()).isEqualTo(Traffic.ok(42));
    assertThat(Traffic.memoHit(again)).as("the same task after the rescale is a memo hit").isTrue();
  }

  @Test
  @Order(5)
  void aKilledTaskManagerIsStartedAgainByUpAndTheJobGoesOn() throws Exception {
    FlinkProcess tm = FlinkProcess.running(new ClusterHome(home)).get("taskmanager-1");
    tm.kill();
    tm.handle().onExit().get();
    Result status = run("status");
    assertThat(status.code).isEqualTo(1);
    assertThat(status.out).contains("taskmanager-1 is not running");
    Result up = run("up", "--no-index"); // parallelism 4 needs both TaskManagers' slots
    assertThat(up.code).as(up.err).isZero();
    assertThat(up.err).contains("starting taskmanager-1").doesNotContain("starting taskmanager-2", "starting Kafka");
    Receipt r = traffic.await(traffic.send(traffic.add(1, 2)), Duration.ofSeconds(120));
    assertThat(r.out()).isEqualTo(Traffic.ok(3));
  }

  @Test
  @Order(6)
  void downTakesASavepointAndLeavesNoProcess() throws Exception {
    Result down = run("down");
    assertThat(down.code).as(down.err).isZero();
    assertThat(down.err).contains("savepoint file:");
    assertThat(FlinkProcess.running(new ClusterHome(home))).isEmpty();
    assertThat(LocalBroker.running(home.resolve("kafka"))).isEmpty();
    assertThat(Retained.newest(new ClusterHome(home))).get().asString().contains("savepoint-");
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code ipvm cluster --home <home> args...} in this JVM, as bin/ipvm would in its own. */
  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = ClusterCommand.commandLine().execute(all.toArray(String[]::new));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldErr.print(r.err);
    oldOut.print(r.out);
    return r;
  }

  /** target, or the -Dipvm.buildDir this build uses. */
  static String buildDir() throws Exception {
    return Path.of(ClusterIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
        .getFileName().toString();
  }

  /** A port nothing listens on (for a moment). */
  static int freeQuietly() {
    try {
      return free();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static int free() throws Exception {
    return ClusterSettings.freePort();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
