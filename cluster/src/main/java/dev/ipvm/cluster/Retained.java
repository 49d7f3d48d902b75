package dev.ipvm.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The state a resubmitted job resumes from: the newest complete checkpoint ({@code
 * checkpoints/<job id>/chk-N/_metadata}, retained on cancellation and on a JobManager crash) or
 * savepoint ({@code savepoints/savepoint-*}/_metadata), whichever was written last. Without
 * high availability a JobManager that dies forgets its jobs; this is how they come back.
 */
final class Retained {
  private Retained() {}

  static Optional<Path> newest(ClusterHome home) throws IOException {
    try (Stream<Path> checkpoints = completed(home.checkpoints(), 2, "chk-");
        Stream<Path> savepoints = completed(home.savepoints(), 1, "savepoint-")) {
      return Stream.concat(checkpoints, savepoints).max(Comparator.comparingLong(Retained::written));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Folders named {@code prefix*} at {@code depth} under {@code dir} that hold a {@code _metadata}. */
  private static Stream<Path> completed(Path dir, int depth, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    return Files.find(dir, depth, (p, a) -> a.isDirectory() && p.getFileName().toString().startsWith(prefix))
        .filter(p -> Files.exists(p.resolve("_metadata")));
  }

  private static long written(Path folder) {
    try {
      return Files.getLastModifiedTime(folder.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
