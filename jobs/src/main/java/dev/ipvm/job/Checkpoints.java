package dev.ipvm.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds retained checkpoints, so that a restarted job resumes with its memo. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * The newest completed checkpoint under {@code dir} (layout {@code <dir>/<job id>/chk-<n>/_metadata}),
   * by modification time of its metadata.
   */
  public static Optional<Path> latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(dir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(job -> {
            try {
              return Files.list(job).filter(p -> p.getFileName().toString().startsWith("chk-"))
                  .filter(p -> Files.exists(p.resolve("_metadata"))).toList().stream();
            } catch (IOException e) {
              return Stream.empty();
            }
          })
          .max(Comparator.comparingLong(Checkpoints::modified));
    }
  }

  private static long modified(Path chk) {
    try {
      return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
