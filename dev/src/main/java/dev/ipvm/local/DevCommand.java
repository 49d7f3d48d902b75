package dev.ipvm.local;

import dev.ipvm.cid.Cid;
import dev.ipvm.deploy.index.IndexProcess;
import dev.ipvm.job.config.ConfigReference;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipvm dev}: the one-command local stack. */
@Command(name = "ipvm dev", mixinStandardHelpOptions = true,
    // one element per paragraph, never a sentence split across two: picocli wraps each at the width
    description = {"Run the whole IPVM stack on this machine: broker, topics and the Flink job.",
        "It starts a Kafka broker (KRaft, from Maven jars), creates the topics, runs the Flink job on a local Flink "
            + "with its web UI, and publishes the sample Wasm modules as blocks.",
        "State lives under --data: run it again and it resumes (topics, memo, executor key). Ctrl-C stops it.",
        "A broker that dies is restarted. If ipvm dev itself is killed (kill -9, a crash), its broker keeps running: "
            + "the next ipvm dev on the same --data reuses it, and --stop stops it."},
    footerHeading = "%nExamples:%n",
    footer = {"  bin/ipvm dev",
        "  bin/ipvm dev --kafka-port 19092 --ui-port 18081 \\",
        "      --set checkpoint.interval=500ms",
        "  bin/ipvm dev --help-config",
        "  bin/ipvm dev --stop      # after a kill -9: stop the broker it left running",
        "  bin/ipvm run CID --fun add 20 22      # in another terminal; CID: math.wasm's"})
public final class DevCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder for broker data, checkpoints, blocks and the executor key (default: $IPVM_HOME/dev; "
          + "IPVM_HOME defaults to ~/.ipvm).")
  Path data;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
      description = "Broker port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "8081",
      description = "Flink web UI port (default ${DEFAULT-VALUE}).")
  int uiPort;

  @Option(names = "--broker-timeout", paramLabel = "DURATION", defaultValue = "180s", converter = Seconds.class,
      description = "How long to wait for the broker to start, e.g. 300s or 5m (default ${DEFAULT-VALUE}); "
          + "a busy machine may need longer.")
  Duration brokerTimeout;

  @Option(names = "--metrics-port", paramLabel = "PORTS", defaultValue = "9249-9259",
      description = "Where Prometheus reads the job's metrics (/metrics): the first free port of the range "
          + "(default ${DEFAULT-VALUE}); deploy/grafana/ipvm.json is a dashboard for them.")
  String metricsPorts;

  @Option(names = "--index-port", paramLabel = "PORT", defaultValue = "8090",
      description = "Port of the receipt index and its explorer page (default ${DEFAULT-VALUE}).")
  int indexPort;

  @Option(names = "--no-index", description = "Do not start the receipt index beside the job.")
  boolean noIndex;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file of job settings (see --help-config).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "One job setting, e.g. --set memo.ttl=1d (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--help-config", description = "List every job setting with its default, then exit.")
  boolean helpConfig;

  @Option(names = "--stop",
      description = "Stop the broker that a killed ipvm dev left running on --data, then exit.")
  boolean stop;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling: failures in one line (exit 1), usage mistakes in one line and a hint (2). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DevCommand());
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println("ipvm dev: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      if (System.getenv("IPVM_DEBUG") != null) {
        e.printStackTrace(c.getErr());
      }
      return 1;
    });
    cl.setParameterExceptionHandler((e, given) -> {
      // a usage mistake: one line and where to read more, not the whole help
      e.getCommandLine().getErr().println("ipvm dev: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, e.getCommandLine().getErr());
      e.getCommandLine().getErr().println("Run 'bin/ipvm dev --help' for usage.");
      return 2;
    });
    return cl;
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
    DevStack stack = new DevStack(new DevStack.Options(data.toAbsolutePath(), kafkaPort, uiPort, metricsPorts, settings,
        configFile, brokerTimeout));
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicReference<IndexProcess> index = new AtomicReference<>();
    Thread hook = new Thread(() -> {
      stopping.set(true);
      System.err.println("\nipvm dev: stopping (checkpoints are kept; run it again to resume)...");
      Optional.ofNullable(index.get()).ifPresent(i -> i.stop(Duration.ofSeconds(10)));
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
    if (!noIndex) {
      String receipts = stack.config.topics().receipts();
      Path home = data.toAbsolutePath();
      IndexProcess.start(new IndexProcess.Options(home.resolve("index"), home.resolve("index.log"), stack.bootstrap(),
          receipts.substring(0, receipts.length() - Topics.DEFAULT.receipts().length()), stack.executorDid, indexPort),
          false, line -> System.err.println("ipvm dev: " + line)).ifPresent(index::set);
    }
    banner(out, stack, Optional.ofNullable(index.get()));
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

  private static void banner(PrintStream out, DevStack s, Optional<IndexProcess> index) {
    Cid math = s.samples.get("math.wasm");
    out.println();
    out.println("IPVM is running.");
    out.println("  Kafka bootstrap   " + s.bootstrap());
    out.println("  Flink web UI      " + s.uiUrl());
    out.println("  metrics           http://localhost:" + s.metricsPorts().split("-")[0] + "/metrics (Prometheus; the first "
        + "free port of " + s.metricsPorts() + "; dashboard: deploy/grafana/ipvm.json)");
    out.println("  explorer          " + index.map(i -> i.explorerUrl() + " (receipt index; ipvm receipt get CID)")
        .orElse("not started (bin/ipvm index)"));
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
    String data = s.config.checkpointDir().replaceAll("/checkpoints$", "");
    tryLines(s.bootstrap(), math, s.config.topics().receipts(), data, String.valueOf(s.config.authority().subjects()))
        .forEach(out::println);
    out.println("Ctrl-C stops everything; run bin/ipvm dev again to resume.");
    out.flush();
  }

  /** The ipvm commands' --bootstrap default when IPVM_BOOTSTRAP is not set. */
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  /**
   * The banner's commands to try. Each one that talks to the broker carries {@code --bootstrap}
   * when the broker is not where the commands look by default (another --kafka-port), so that
   * it does not silently talk to another broker; and the export line sets that default instead.
   */
  static List<String> tryLines(String bootstrap, Cid math, String receiptsTopic, String data, String subjects) {
    String b = bootstrap.equals(DEFAULT_BOOTSTRAP) ? "" : " --bootstrap " + bootstrap;
    List<String> lines = new ArrayList<>();
    lines.add("Try, in another terminal (the export line makes the broker every ipvm command's default):");
    lines.add("  export IPVM_BOOTSTRAP=" + bootstrap);
    lines.add("  bin/ipvm run " + math + " --fun add 20 22" + b);
    lines.add("  bin/ipvm receipts --follow" + b);
    lines.add("  kcat -b " + bootstrap + " -C -t " + receiptsTopic + " -X isolation.level=read_committed -e");
    lines.add("Let a user (key user.pem) run Wasm on this executor's behalf, sharing its memo"
        + " (authority.subjects: " + subjects + "):");
    lines.add("  bin/ipvm delegation new --key " + data + "/executor.pem --aud $(bin/ipvm key did --key user.pem)"
        + " --cmd /wasm --out user.ucan");
    lines.add("  bin/ipvm run --key user.pem --proof user.ucan " + math + " --fun add 20 22" + b);
    lines.add("  bin/ipvm revoke --key " + data + "/executor.pem user.ucan" + b + "    # from then on: Revoked");
    return lines;
  }

  /** A duration in seconds: {@code 180s}, {@code 3m}, or a plain number of seconds. */
  static final class Seconds implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      var m = java.util.regex.Pattern.compile("(\\d+)\\s*(s|m|min)?").matcher(value.strip());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration such as 180s or 5m");
      }
      long n = Long.parseLong(m.group(1));
      return m.group(2) == null || m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }
  }
}
