package dev.ipvm.local;

import dev.ipvm.cid.Cid;
import dev.ipvm.job.config.ConfigReference;
import dev.ipvm.job.config.JobConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipvm dev}: the one-command local stack. */
@Command(name = "ipvm dev", mixinStandardHelpOptions = true,
    description = {"Run IPVM on this machine: a Kafka broker (KRaft, from Maven jars), the topics, the Flink job",
        "on a local Flink with its web UI, and the sample Wasm modules published as blocks.",
        "State lives under --data: run it again and it resumes (topics, memo, executor key). Ctrl-C stops it.",
        "A broker that dies is restarted. If ipvm dev itself is killed (kill -9, a crash), its broker keeps",
        "running: the next ipvm dev on the same --data reuses it, and --stop stops it."},
    footerHeading = "%nExamples:%n",
    footer = {"  bin/ipvm dev",
        "  bin/ipvm dev --kafka-port 19092 --ui-port 18081 --set checkpoint.interval=500ms",
        "  bin/ipvm dev --help-config",
        "  bin/ipvm dev --stop            (after a kill -9: stop the broker it left running)",
        "  (in another terminal) bin/ipvm run <CID of math.wasm> --fun add 20 22"})
public final class DevCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder for broker data, checkpoints, blocks and the executor key (default: $IPVM_HOME/dev, IPVM_HOME defaults to ~/.ipvm).")
  Path data;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--ui-port", defaultValue = "8081", description = "Flink web UI port (default ${DEFAULT-VALUE}).")
  int uiPort;

  @Option(names = "--metrics-port", paramLabel = "PORT[-PORT]", defaultValue = "9249-9259",
      description = "Where Prometheus reads the job's metrics (/metrics): the first free port of the range "
          + "(default ${DEFAULT-VALUE}); deploy/grafana/ipvm.json is a dashboard for them.")
  String metricsPorts;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of job settings (see --help-config).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One job setting, e.g. --set memo.ttl=1d (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--help-config", description = "List every job setting with its default, then exit.")
  boolean helpConfig;

  @Option(names = "--stop", description = "Stop the broker that a killed ipvm dev left running on --data, then exit.")
  boolean stop;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new DevCommand());
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println("ipvm dev: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      if (System.getenv("IPVM_DEBUG") != null) {
        e.printStackTrace(c.getErr());
      }
      return 1;
    });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (helpConfig) {
      out.println("Job settings (--set KEY=VALUE or a --config properties file):");
      ConfigReference.print(out);
      out.println("ipvm dev sets bootstrap, executor.key, checkpoint.dir and blocks.dir under --data.");
      return 0;
    }
    if (data == null) {
      String home = System.getenv("IPVM_HOME");
      data = (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".ipvm")).resolve("dev");
    }
    if (stop) {
      Path kafka = data.toAbsolutePath().resolve("kafka");
      out.println(DevStack.stopLeftover(data.toAbsolutePath())
          .map(pid -> "stopped the broker left running in " + kafka + " (pid " + pid + ")")
          .orElse("no broker is running in " + kafka));
      return 0;
    }
    DevStack stack = new DevStack(new DevStack.Options(data.toAbsolutePath(), kafkaPort, uiPort, metricsPorts, settings, configFile));
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      stopping.set(true);
      System.err.println("\nipvm dev: stopping (checkpoints are kept; run it again to resume)...");
      stack.close();
      System.err.println("ipvm dev: stopped");
    }, "ipvm-dev-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.start(line -> System.err.println("ipvm dev: " + line));
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      stack.close();
      throw e;
    }
    banner(out, stack);
    try {
      stack.awaitJob();
      System.err.println("ipvm dev: the job ended");
      return 0;
    } catch (Exception e) {
      if (stopping.get()) {
        return 0; // Ctrl-C: the hook cancelled the job
      }
      throw e;
    }
  }

  private static void banner(PrintStream out, DevStack s) {
    Cid math = s.samples.get("math.wasm");
    out.println();
    out.println("IPVM is running.");
    out.println("  Kafka bootstrap   " + s.bootstrap());
    out.println("  Flink web UI      " + s.uiUrl());
    out.println("  metrics           http://localhost:" + s.metricsPorts().split("-")[0] + "/metrics (Prometheus; the first "
        + "free port of " + s.metricsPorts() + "; dashboard: deploy/grafana/ipvm.json)");
    out.println("  executor DID      " + s.executorDid);
    out.println("  data              " + s.config.checkpointDir().replaceAll("/checkpoints$", ""));
    out.println("  checkpoints       every " + s.config.checkpointInterval().toMillis()
        + " ms (receipts appear when one completes)" + s.resumedFrom.map(p -> "; resumed from " + p.getFileName()).orElse(""));
    out.println("  topics            " + s.config.topics().invocations() + " -> " + s.config.topics().receipts()
        + " (blocks: " + s.config.topics().blocks() + ", bad input: " + s.config.topics().dlq() + ")");
    var fx = s.config.effects();
    out.println("  effects           HTTP to " + (fx.httpAllow().isEmpty() ? "nowhere" : fx.httpAllow())
        + (fx.httpAllowPrivate() ? " (private addresses allowed)" : "") + "; publish to "
        + (fx.kafkaAllow().isEmpty() ? "no topic" : fx.kafkaAllow())
        + (fx.httpAllow().isEmpty() ? "  (--set effects.http.allow=HOST:PORT to allow)" : ""));
    out.println("  sample modules");
    s.samples.forEach((name, cid) -> out.printf("    %-15s %s  %s%n", name, cid, SampleModules.SAMPLES.get(name)));
    out.println();
    out.println("Try, in another terminal:");
    out.println("  bin/ipvm run " + math + " --fun add 20 22");
    out.println("  bin/ipvm receipts --follow");
    out.println("  kcat -b " + s.bootstrap() + " -C -t " + s.config.topics().receipts() + " -X isolation.level=read_committed -e");
    String data = s.config.checkpointDir().replaceAll("/checkpoints$", "");
    out.println("Let a user (key user.pem) run Wasm on this executor's behalf, sharing its memo"
        + " (authority.subjects: " + s.config.authority().subjects() + "):");
    out.println("  bin/ipvm delegation new --key " + data + "/executor.pem --aud $(bin/ipvm key did --key user.pem)"
        + " --cmd /wasm --out user.ucan");
    out.println("  bin/ipvm run --key user.pem --proof user.ucan " + math + " --fun add 20 22");
    out.println("  bin/ipvm revoke --key " + data + "/executor.pem user.ucan    # from then on: Revoked");
    out.println("Ctrl-C stops everything; run bin/ipvm dev again to resume.");
    out.flush();
  }
}
