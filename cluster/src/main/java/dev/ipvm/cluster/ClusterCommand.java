package dev.ipvm.cluster;

import dev.ipvm.deploy.index.IndexProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm cluster}: a multi-process Flink cluster on this machine, and the operator's commands. */
@Command(name = "ipvm cluster", mixinStandardHelpOptions = true, subcommandsRepeatable = false,
    description = {
        "Run IPVM on a Flink cluster of processes on this machine.",
        "A Kafka broker (KRaft), one JobManager and N TaskManagers, each its own JVM, from Maven jars. The processes "
            + "outlive the command; state (topics, checkpoints, savepoints, the executor key, logs) lives under --home."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bin/ipvm cluster up --taskmanagers 2",
        "  bin/ipvm cluster submit",
        "  bin/ipvm cluster status",
        "  bin/ipvm cluster savepoint",
        "  bin/ipvm cluster rescale 4",
        "  bin/ipvm cluster logs taskmanager-1",
        "  bin/ipvm cluster down"},
    subcommands = CommandLine.HelpCommand.class)
public final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
      description = "The cluster's folder (default: $IPVM_HOME/cluster, IPVM_HOME defaults to ~/.ipvm).")
  Path home;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command, with errors printed as one line (the stack trace too when IPVM_DEBUG is set). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ClusterCommand());
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println("ipvm cluster: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      if (System.getenv("IPVM_DEBUG") != null) {
        e.printStackTrace(c.getErr());
      }
      return 1;
    });
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  ClusterHome home() {
    return home != null ? new ClusterHome(home) : ClusterHome.fromEnvironment();
  }

  private static void progress(String line) {
    System.err.println("ipvm cluster: " + line);
  }

  @Command(name = "up", description = {"Start what is not running: broker, Flink, the receipt index.",
      "The TaskManagers are numbered 1..N. Run it again after a crash to restart the processes that died; with a "
          + "smaller N it stops the extra ones."})
  int up(@Option(names = "--taskmanagers", paramLabel = "N", description = "TaskManager processes (default: 2, or as the last up).") Integer n,
      @Option(names = "--slots", paramLabel = "N", description = "Task slots per TaskManager (default 2).") Integer slots,
      @Option(names = "--kafka-port", paramLabel = "PORT", description = "Broker port on 127.0.0.1 (default 9092).") Integer kafka,
      @Option(names = "--rest-port", paramLabel = "PORT", description = "Flink REST API and web UI (default 8081).") Integer restPort,
      @Option(names = "--metrics-port", paramLabel = "PORT",
          description = "Prometheus port of the JobManager; TaskManager i uses PORT+i (default 9249).") Integer metrics,
      @Option(names = "--index-port", paramLabel = "PORT",
          description = "The receipt index's API and explorer (default 8090, or as the last up).") Integer indexPort,
      @Option(names = "--no-index", description = "Do not run the receipt index beside the cluster (stops one that runs).")
          boolean noIndex)
      throws Exception {
    ClusterHome h = home();
    ClusterSettings last = ClusterSettings.load(h.settingsFile()).orElse(ClusterSettings.DEFAULTS);
    // the JobManager's RPC port is nobody's business but the TaskManagers': 6123, or any free one
    int rpc = FlinkProcess.running(h).isEmpty() ? ClusterSettings.freeOr(last.rpcPort()) : last.rpcPort();
    // --no-index holds for this up (and status); the next up without it starts the index again, on the same port
    int index = or(indexPort, last.indexPort());
    ClusterSettings s = new ClusterSettings(or(kafka, last.kafkaPort()), or(restPort, last.restPort()), rpc,
        or(metrics, last.metricsPort()), or(n, last.taskManagers()), or(slots, last.slots()), last.taskManagerMemory(),
        last.jobManagerMemory(), index, !noIndex);
    if (!noIndex && index != last.indexPort() && IndexProcess.running(h.index(), index).isPresent()) {
      throw new IllegalArgumentException("the receipt index runs on port " + last.indexPort()
          + "; bin/ipvm cluster up --no-index stops it, then up --index-port " + index + " starts it there");
    }
    if (!FlinkProcess.running(h).isEmpty() && (s.restPort() != last.restPort() || s.slots() != last.slots())) {
      throw new IllegalArgumentException("the cluster runs with --rest-port " + last.restPort() + " and --slots "
          + last.slots() + "; bin/ipvm cluster down first to change them");
    }
    LocalCluster c = new LocalCluster(h, s, ClusterCommand::progress);
    c.up();
    out.println("IPVM cluster is up.");
    out.println("  Kafka bootstrap   " + s.bootstrap());
    out.println("  Flink web UI      " + s.restUrl() + "  (REST API, same port)");
    out.println("  TaskManagers      " + s.taskManagers() + " x " + s.slots() + " slots");
    out.println("  metrics           http://127.0.0.1:" + s.metricsPort() + "/metrics (JobManager), :"
        + s.metricsPort(1) + ".. (TaskManagers)");
    out.println("  explorer          " + (!s.index() ? "not started (--no-index)"
        : IndexProcess.explorerUrl(s.indexPort()) + " (receipt index; bin/ipvm receipt get CID --index "
            + IndexProcess.explorerUrl(s.indexPort()).replaceAll("/$", "") + ")"));
    out.println("  folder            " + h.root());
    out.println(c.rest.runningJob(LocalCluster.JOB_NAME).map(j -> "The job runs (" + j.id() + "): bin/ipvm cluster status")
        .orElse("Next: bin/ipvm cluster submit"));
    return 0;
  }

  @Command(name = "submit", description = {"Upload the job jar and run it through Flink's REST API.",
      "It resumes from the newest retained checkpoint or savepoint (--fresh: empty state); missing topics are created."})
  int submit(@Option(names = "--parallelism", paramLabel = "N", defaultValue = "1", description = "Job parallelism (default ${DEFAULT-VALUE}).") int parallelism,
      @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting (bin/ipvm dev --help-config lists them; repeatable).") Map<String, String> set,
      @Option(names = "--config", paramLabel = "FILE", description = "A properties file of job settings.") Path config,
      @Option(names = "--from", paramLabel = "PATH", description = "Restore this savepoint or checkpoint instead of the newest.") String from,
      @Option(names = "--fresh", description = "Start with empty state, ignoring retained checkpoints.") boolean fresh,
      @Option(names = "--jar", paramLabel = "FILE", description = "The job jar (default: jobs/target/ipvm-job.jar).") Path jar)
      throws Exception {
    LocalCluster c = LocalCluster.existing(home(), ClusterCommand::progress);
    Map<String, String> settings = new LinkedHashMap<>(set != null ? set : Map.of());
    String p = settings.remove("parallelism");
    String id = c.submit(jar(jar), settings, config, p != null ? Integer.parseInt(p) : parallelism, from, fresh);
    out.println("job " + id + " is running (bin/ipvm cluster status)");
    return 0;
  }

  @Command(name = "status", description = {"Show the processes, the job's state and its figures.",
      "The job's state, parallelism and last checkpoint, and its figures (invocations, memo hit ratio, executions, "
          + "errors, consumer lag). Exit 1 when something is down."})
  int status() throws Exception {
    List<String> problems = StatusReport.print(LocalCluster.existing(home(), ClusterCommand::progress), out);
    problems.forEach(p -> out.println("! " + p));
    return problems.isEmpty() ? 0 : 1;
  }

  @Command(name = "savepoint", description = "Take a savepoint of the running job and print its path.")
  int savepoint() throws Exception {
    out.println(LocalCluster.existing(home(), ClusterCommand::progress).savepoint());
    return 0;
  }

  @Command(name = "rescale", description = {"Stop the job with a savepoint and resubmit it at parallelism N.",
      "It resumes from that savepoint: the memo and every in-flight task come along. Add TaskManagers first when N "
          + "needs more slots."})
  int rescale(@Parameters(paramLabel = "N", description = "The new parallelism.") int n,
      @Option(names = "--jar", paramLabel = "FILE", description = "The job jar (default: jobs/target/ipvm-job.jar).") Path jar)
      throws Exception {
    String id = LocalCluster.existing(home(), ClusterCommand::progress).rescale(jar(jar), n);
    out.println("job " + id + " is running at parallelism " + n);
    return 0;
  }

  @Command(name = "logs", description = {"Print the end of a process's log.",
      "The process is jobmanager (default), taskmanager-N or kafka."})
  int logs(@Parameters(paramLabel = "PROCESS", defaultValue = "jobmanager", arity = "0..1",
      description = "jobmanager (default), taskmanager-N or kafka.") String process,
      @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "Lines (default ${DEFAULT-VALUE}).") int lines)
      throws Exception {
    ClusterHome h = home();
    List<String> tail = Logs.tail(h, process, lines);
    if (tail.isEmpty()) {
      throw new IllegalArgumentException("no log of '" + process + "' in " + h.logs()
          + " (processes: jobmanager, taskmanager-1.., kafka)");
    }
    tail.forEach(out::println);
    return 0;
  }

  @Command(name = "down", description = {"Stop the job with a savepoint (--now: without), then every process.",
      "State stays under --home: up and submit resume from it."})
  int down(@Option(names = "--now", description = "Do not take a savepoint first; the newest checkpoint is kept.") boolean now)
      throws Exception {
    ClusterHome h = home();
    if (ClusterSettings.load(h.settingsFile()).isEmpty()) {
      out.println("no cluster in " + h.root());
      return 0;
    }
    List<String> left = LocalCluster.existing(h, ClusterCommand::progress).down(now);
    if (!left.isEmpty()) {
      throw new IllegalStateException("still running after down: " + String.join(", ", left));
    }
    out.println("IPVM cluster is down (state kept in " + h.root() + ")");
    return 0;
  }

  private static Path jar(Path given) {
    if (given != null) {
      return given;
    }
    String fromLauncher = System.getProperty("ipvm.jobJar");
    return Path.of(fromLauncher != null ? fromLauncher : "jobs/target/ipvm-job.jar");
  }

  private static int or(Integer given, int last) {
    return given != null ? given : last;
  }
}
