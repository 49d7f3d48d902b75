package dev.ipvm.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Flink process of a local cluster: the JobManager ({@code jobmanager}) or a TaskManager
 * ({@code taskmanager-N}), a JVM of its own on the Flink classpath, started detached so that it
 * outlives the command that started it.
 *
 * <p>Processes are found by their command line ({@code -Dipvm.cluster=<folder>} and {@code
 * -Dipvm.process=<name>}), not by pid files: a pid file outlives a {@code kill -9} and its pid
 * may be reused, a command line does not.
 */
record FlinkProcess(String name, ProcessHandle handle) {
  static final String JOB_MANAGER = "jobmanager";
  static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final Pattern PROCESS = Pattern.compile("-Dipvm\\.process=(\\S+)");

  static String taskManager(int i) {
    return "taskmanager-" + i;
  }

  /** The TaskManager's number (1-based), or 0 for the JobManager. */
  int taskManagerNumber() {
    return name.startsWith("taskmanager-") ? Integer.parseInt(name.substring("taskmanager-".length())) : 0;
  }

  long pid() {
    return handle.pid();
  }

  boolean isAlive() {
    return handle.isAlive();
  }

  /** The live Flink processes of the cluster in {@code home}, by name. */
  static Map<String, FlinkProcess> running(ClusterHome home) {
    // The JDK reads at most 4 KiB of a command line; the markers come first in it (see start)
    String cluster = "-Dipvm.cluster=" + home.root() + " ";
    Map<String, FlinkProcess> found = new TreeMap<>();
    ProcessHandle.allProcesses().forEach(p -> {
      String line = p.info().commandLine().orElse("");
      Matcher m = PROCESS.matcher(line);
      if (line.contains(cluster) && m.find() && p.isAlive()) {
        found.put(m.group(1), new FlinkProcess(m.group(1), p));
      }
    });
    return found;
  }

  /**
   * Starts {@code name} detached ({@code setsid}: a Ctrl-C in the terminal that ran {@code up} does
   * not reach it), logging to {@code log/<name>.log} and its standard streams to {@code .out}.
   */
  static FlinkProcess start(ClusterHome home, String name, String mainClass, List<String> jvmOptions,
      List<String> programArgs) throws IOException {
    Files.createDirectories(home.logs());
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dipvm.cluster=" + home.root());
    cmd.add("-Dipvm.process=" + name);
    // The rest in an argument file: the command line stays short enough to read in ps (and for
    // the JDK, which reads at most 4 KiB of another process's command line)
    List<String> rest = new ArrayList<>(jvmOptions);
    rest.add("-Dlog.file=" + home.logs().resolve(name + ".log"));
    rest.add("-Dlog4j.configurationFile=" + home.conf().resolve("log4j.properties").toUri());
    rest.add("-cp");
    rest.add(classpath());
    rest.add(mainClass);
    rest.add("--configDir");
    rest.add(home.conf().toString());
    rest.addAll(programArgs);
    Path argFile = home.conf().resolve(name + ".args");
    Files.write(argFile, rest.stream().map(FlinkProcess::quoted).toList());
    cmd.add("@" + argFile);
    Process p = new ProcessBuilder(cmd).directory(home.root().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.logs().resolve(name + ".out").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    return new FlinkProcess(name, p.toHandle());
  }

  /** One argument of a java argument file: quoted, with backslashes and quotes escaped. */
  private static String quoted(String arg) {
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** SIGTERM, then SIGKILL after {@code grace}; true when it exited on its own. */
  boolean stop(Duration grace) {
    handle.destroy();
    try {
      handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception timedOut) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the caller, who looks for survivors
      }
      return false;
    }
  }

  /** SIGKILL, as a crash would end it (the chaos runs). */
  void kill() {
    handle.destroyForcibly();
  }

  /** The Flink distribution's jars, resolved by Maven when this module was built. */
  static String classpath() throws IOException {
    try (InputStream in = FlinkProcess.class.getResourceAsStream("flink.classpath")) {
      if (in == null) {
        throw new IOException("flink.classpath is missing: build the cluster module (mvn -pl cluster -am package)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }
}
