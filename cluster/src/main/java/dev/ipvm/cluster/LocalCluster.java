package dev.ipvm.cluster;

import dev.ipvm.deploy.LocalBroker;
import dev.ipvm.deploy.index.IndexProcess;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The operations on a local cluster, each what an operator does with Flink's own tools: start
 * the processes that are missing, submit the job jar through the REST API (resuming from the
 * newest retained checkpoint or savepoint), take a savepoint, rescale by stopping with a
 * savepoint and resubmitting at the new parallelism, and stop everything.
 */
final class LocalCluster {
  /** The job's name in Flink (IpvmJob.NAME). */
  static final String JOB_NAME = "ipvm";
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  final ClusterHome home;
  final ClusterSettings settings;
  final FlinkRest rest;
  private final Consumer<String> progress;

  LocalCluster(ClusterHome home, ClusterSettings settings, Consumer<String> progress) {
    this.home = home;
    this.settings = settings;
    this.rest = new FlinkRest(settings.restUrl());
    this.progress = progress;
  }

  /** The cluster in {@code home} with the settings its last {@code up} wrote. */
  static LocalCluster existing(ClusterHome home, Consumer<String> progress) throws IOException {
    ClusterSettings s = ClusterSettings.load(home.settingsFile()).orElseThrow(() -> new IOException(
        "no cluster in " + home.root() + " (start one: bin/ipvm cluster up)"));
    return new LocalCluster(home, s, progress);
  }

  /** Starts what is not running: the broker, the JobManager, TaskManagers 1..N; stops TaskManagers above N. */
  void up() throws IOException {
    Files.createDirectories(home.root());
    settings.save(home.settingsFile());
    FlinkConf.write(home, settings);
    if (!Files.exists(home.executorKey())) {
      Signer.generate().save(home.executorKey());
      progress.accept("created the executor key " + home.executorKey());
    }
    Optional<LocalBroker.Running> broker = LocalBroker.running(home.kafka());
    if (broker.isPresent()) {
      progress.accept("Kafka is running on " + broker.get().bootstrap() + " (pid " + broker.get().pid() + ")");
    } else {
      progress.accept("starting Kafka (KRaft) on " + settings.bootstrap());
      LocalBroker b = LocalBroker.builder().dataDir(home.kafka()).port(settings.kafkaPort()).detached(true)
          .events(progress).build().start();
      b.leaveRunning(); // it outlives this command; `down` stops it
    }
    Map<String, FlinkProcess> running = FlinkProcess.running(home);
    if (!running.containsKey(FlinkProcess.JOB_MANAGER)) {
      progress.accept("starting the JobManager (REST API and web UI " + settings.restUrl() + ")");
      FlinkProcess.start(home, FlinkProcess.JOB_MANAGER, FlinkProcess.JOB_MANAGER_MAIN, FlinkConf.jobManagerJvm(home),
          FlinkConf.jobManagerDynamic(home));
    }
    List<String> tmJvm = FlinkConf.taskManagerJvm(home);
    for (int i = 1; i <= settings.taskManagers(); i++) {
      if (!running.containsKey(FlinkProcess.taskManager(i))) {
        progress.accept("starting " + FlinkProcess.taskManager(i) + " (" + settings.slots() + " slots, metrics on port "
            + settings.metricsPort(i) + ")");
        startTaskManager(i, tmJvm);
      }
    }
    for (FlinkProcess p : running.values()) {
      if (p.taskManagerNumber() > settings.taskManagers()) {
        progress.accept("stopping " + p.name() + " (--taskmanagers " + settings.taskManagers() + ")");
        p.stop(STOP_GRACE);
      }
    }
    awaitTaskManagers(settings.taskManagers());
    startIndex();
  }

  /** The receipt index beside the cluster, if it runs. */
  Optional<IndexProcess> index() {
    return IndexProcess.running(home.index(), settings.indexPort());
  }

  /**
   * Starts the receipt index when it should run and does not: detached like the Flink processes,
   * trusting the cluster's executor, on the topics of the last submit's {@code topics.prefix}.
   */
  private void startIndex() throws IOException {
    Optional<IndexProcess> running = index();
    if (!settings.index()) {
      running.ifPresent(i -> {
        progress.accept("stopping the receipt index (--no-index)");
        i.stop(STOP_GRACE);
      });
      return;
    }
    if (running.isPresent()) {
      progress.accept("the receipt index is running (pid " + running.get().pid() + ")");
      return;
    }
    String prefix = jobSettings().settings().getOrDefault("topics.prefix", "");
    String executor = Signer.load(home.executorKey()).did().toString();
    IndexProcess.start(new IndexProcess.Options(home.index(), home.logs().resolve("index.log"), settings.bootstrap(),
        prefix, executor, settings.indexPort()), true, progress);
  }

  /** Starts TaskManager {@code i}; with the others' JVM options, so they are computed once. */
  FlinkProcess startTaskManager(int i, List<String> jvm) throws IOException {
    List<String> args = new ArrayList<>(FlinkConf.taskManagerDynamic(home));
    args.addAll(List.of("-D", "taskmanager.resource-id=" + FlinkProcess.taskManager(i),
        "-D", "metrics.reporter.prom.port=" + settings.metricsPort(i)));
    return FlinkProcess.start(home, FlinkProcess.taskManager(i), FlinkProcess.TASK_MANAGER_MAIN, jvm, args);
  }

  /** Waits until the JobManager answers and {@code n} TaskManagers have registered. */
  void awaitTaskManagers(int n) throws IOException {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    int seen = -1;
    while (System.nanoTime() < end) {
      if (!FlinkProcess.running(home).containsKey(FlinkProcess.JOB_MANAGER)) {
        throw new IOException("the JobManager exited; its log: " + home.logs().resolve("jobmanager.log") + "\n  "
            + String.join("\n  ", Logs.tail(home, FlinkProcess.JOB_MANAGER, 15)));
      }
      if (rest.reachable()) {
        int registered = rest.overview().path("taskmanagers").asInt();
        if (registered != seen) {
          progress.accept(registered + " of " + n + " TaskManagers registered");
          seen = registered;
        }
        if (registered >= n) {
          return;
        }
      }
      FlinkRest.pause(500);
    }
    throw new IOException("the cluster did not come up within " + START_TIMEOUT.toSeconds() + " s; logs in " + home.logs());
  }

  /**
   * Uploads the job jar and runs it: resumes from {@code from} when given, else from the newest
   * retained checkpoint or savepoint unless {@code fresh}; returns the job's id once it runs.
   */
  String submit(Path jar, Map<String, String> jobSettings, Path configFile, int parallelism, String from,
      boolean fresh) throws IOException {
    Optional<FlinkRest.Job> running = rest.runningJob(JOB_NAME);
    if (running.isPresent()) {
      throw new IOException("the job already runs (" + running.get().id() + ", " + running.get().state()
          + "); rescale it with bin/ipvm cluster rescale N");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no job jar at " + jar + " (build it: mvn -pl jobs -am package -DskipTests)");
    }
    int slots = rest.overview().path("slots-total").asInt();
    if (parallelism > slots) {
      throw new IOException("parallelism " + parallelism + " needs " + parallelism + " slots; the cluster has " + slots
          + " (bin/ipvm cluster up --taskmanagers " + (parallelism + settings.slots() - 1) / settings.slots() + ")");
    }
    saveJobSettings(jobSettings, configFile);
    String restore = from != null ? from : fresh ? null : Retained.newest(home).map(Path::toString).orElse(null);
    List<String> args = new ArrayList<>();
    if (configFile != null) {
      args.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
    }
    Map<String, String> set = new LinkedHashMap<>();
    set.put("bootstrap", settings.bootstrap());
    set.put("executor.key", home.executorKey().toString());
    set.put("checkpoint.dir", home.checkpoints().toString());
    set.put("blocks.dir", home.blocks().toString());
    set.put("state.backend", "rocksdb");
    set.putAll(jobSettings);
    set.put("parallelism", Integer.toString(parallelism));
    set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    progress.accept("uploading " + jar.getFileName() + " to " + settings.restUrl());
    String jarId = rest.uploadJar(jar);
    progress.accept("running it at parallelism " + parallelism
        + (restore != null ? ", restoring " + restore : ", with empty state"));
    String jobId;
    try {
      jobId = rest.runJar(jarId, args, restore);
    } finally {
      rest.deleteJar(jarId); // the JobManager keeps what the job needs; the upload folder stays clean
    }
    awaitRunning(jobId);
    return jobId;
  }

  /** Waits until every task of the job runs. */
  void awaitRunning(String jobId) throws IOException {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      var job = rest.job(jobId);
      String state = job.path("state").asText();
      if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
        throw new IOException("the job " + jobId + " is " + state + "; see bin/ipvm cluster logs jobmanager");
      }
      boolean all = job.path("vertices").size() > 0;
      for (var v : job.path("vertices")) {
        all &= v.path("status").asText().equals("RUNNING");
      }
      if (state.equals("RUNNING") && all) {
        return;
      }
      FlinkRest.pause(500);
    }
    throw new IOException("the job " + jobId + " did not start running within " + START_TIMEOUT.toSeconds() + " s");
  }

  /** The running job, or an error saying there is none. */
  FlinkRest.Job job() throws IOException {
    return rest.runningJob(JOB_NAME).orElseThrow(() -> new IOException(
        "the job is not running (start it: bin/ipvm cluster submit)"));
  }

  /** Takes a savepoint of the running job; its path. */
  String savepoint() throws IOException {
    return rest.savepoint(job().id(), home.savepoints(), Duration.ofMinutes(5));
  }

  /** Stops the job with a savepoint and submits it again at {@code parallelism} from that savepoint; the new job's id. */
  String rescale(Path jar, int parallelism) throws IOException {
    FlinkRest.Job job = job();
    int slots = rest.overview().path("slots-total").asInt();
    if (parallelism > slots) {
      throw new IOException("parallelism " + parallelism + " needs " + parallelism + " slots; the cluster has " + slots
          + " (add TaskManagers first: bin/ipvm cluster up --taskmanagers "
          + (parallelism + settings.slots() - 1) / settings.slots() + ")");
    }
    progress.accept("stopping the job " + job.id() + " with a savepoint");
    String savepoint = rest.stopWithSavepoint(job.id(), home.savepoints(), Duration.ofMinutes(5));
    progress.accept("savepoint " + savepoint);
    JobSettings saved = jobSettings();
    return submit(jar, saved.settings(), saved.configFile(), parallelism, savepoint, false);
  }

  /**
   * Stops everything: the job with a savepoint first unless {@code now}, then the TaskManagers,
   * the JobManager, the receipt index (also after {@code up --no-index}) and the broker. Returns the processes still alive afterwards (none, normally).
   */
  List<String> down(boolean now) throws IOException {
    if (!now && rest.reachable()) {
      Optional<FlinkRest.Job> job = rest.runningJob(JOB_NAME);
      if (job.isPresent()) {
        progress.accept("stopping the job " + job.get().id() + " with a savepoint");
        try {
          progress.accept("savepoint " + rest.stopWithSavepoint(job.get().id(), home.savepoints(), Duration.ofMinutes(2)));
        } catch (IOException e) {
          progress.accept("no savepoint (" + e.getMessage() + "); the newest checkpoint is kept");
        }
      }
    }
    Map<String, FlinkProcess> running = FlinkProcess.running(home);
    running.values().stream().filter(p -> p.taskManagerNumber() > 0).parallel().forEach(p -> p.stop(STOP_GRACE));
    Optional.ofNullable(running.get(FlinkProcess.JOB_MANAGER)).ifPresent(p -> p.stop(STOP_GRACE));
    if (!running.isEmpty()) {
      progress.accept("stopped " + String.join(", ", running.keySet()));
    }
    index().ifPresent(i -> {
      i.stop(STOP_GRACE);
      progress.accept("stopped the receipt index (pid " + i.pid() + ")");
    });
    LocalBroker.stopOrphan(home.kafka()).ifPresent(pid -> progress.accept("stopped Kafka (pid " + pid + ")"));
    List<String> left = new ArrayList<>(FlinkProcess.running(home).keySet());
    index().ifPresent(i -> left.add("index (pid " + i.pid() + ")"));
    LocalBroker.running(home.kafka()).ifPresent(b -> left.add("kafka (pid " + b.pid() + ")"));
    return left;
  }

  /** The job settings of the last submit, and its --config file. */
  record JobSettings(Map<String, String> settings, Path configFile) {}

  private void saveJobSettings(Map<String, String> jobSettings, Path configFile) throws IOException {
    Properties p = new Properties();
    jobSettings.forEach(p::setProperty);
    if (configFile != null) {
      p.setProperty("ipvm.cluster.config-file", configFile.toAbsolutePath().toString());
    }
    try (Writer w = Files.newBufferedWriter(home.jobSettingsFile())) {
      p.store(w, "ipvm cluster: the job settings of the last submit (--set), reused by rescale");
    }
  }

  JobSettings jobSettings() throws IOException {
    Properties p = new Properties();
    if (Files.exists(home.jobSettingsFile())) {
      try (Reader r = Files.newBufferedReader(home.jobSettingsFile())) {
        p.load(r);
      }
    }
    String config = (String) p.remove("ipvm.cluster.config-file");
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
    out.remove("parallelism");
    return new JobSettings(out, config != null ? Path.of(config) : null);
  }
}
