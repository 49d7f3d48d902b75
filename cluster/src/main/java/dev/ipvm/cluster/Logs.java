package dev.ipvm.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The processes' logs: {@code log/<process>.log} (its {@code .out} when that is empty) and Kafka's {@code kafka/broker.log}. */
final class Logs {
  private Logs() {}

  /** The log of {@code process} (jobmanager, taskmanager-N, kafka), if it has written one. */
  static Optional<Path> of(ClusterHome home, String process) throws IOException {
    List<Path> candidates = process.equals("kafka") ? List.of(home.kafka().resolve("broker.log"))
        : List.of(home.logs().resolve(process + ".log"), home.logs().resolve(process + ".out"));
    for (Path p : candidates) {
      if (Files.exists(p) && Files.size(p) > 0) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The last {@code n} lines of {@code process}'s log; empty when it has none. */
  static List<String> tail(ClusterHome home, String process, int n) throws IOException {
    Optional<Path> log = of(home, process);
    if (log.isEmpty()) {
      return List.of();
    }
    ArrayDeque<String> last = new ArrayDeque<>(n);
    try (Stream<String> lines = Files.lines(log.get(), StandardCharsets.ISO_8859_1)) {
      lines.forEach(l -> {
        if (last.size() == n) {
          last.removeFirst();
        }
        last.addLast(l);
      });
    }
    return List.copyOf(last);
  }
}
