package dev.ipvm.bench.all;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run measured, as the figures must state it: cores, CPU model, memory, JDK, and
 * the load average before and after (the machine may be shared, which moves absolute figures).
 */
record Machine(int cores, String cpu, String memory, String jdk, String loadBefore, String loadAfter) {
  static Machine describe() {
    return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), load(), null);
  }

  Machine finished() {
    return new Machine(cores, cpu, memory, jdk, loadBefore, load());
  }

  private static String cpuModel() {
    return line(Path.of("/proc/cpuinfo"), "model name").map(s -> s.substring(s.indexOf(':') + 1).trim()).orElse("unknown CPU");
  }

  private static String memTotal() {
    return line(Path.of("/proc/meminfo"), "MemTotal")
        .map(s -> Math.round(Long.parseLong(s.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB").orElse("unknown");
  }

  /** The 1, 5 and 15 minute load averages. */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Optional<String> line(Path file, String prefix) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
