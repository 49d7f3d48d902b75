package dev.ipvm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resubmitted job resumes from: the newest complete checkpoint or savepoint. */
class RetainedTest {
  @TempDir
  Path dir;

  ClusterHome home() {
    return new ClusterHome(dir);
  }

  Path complete(Path folder, long writtenMillis) throws Exception {
    Files.createDirectories(folder);
    Path metadata = Files.writeString(folder.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenMillis));
    return folder;
  }

  @Test
  void nothingRetainedMeansAFreshStart() throws Exception {
    assertThat(Retained.newest(home())).isEmpty();
  }

  @Test
  void theNewestOfCheckpointsAndSavepointsWinsAcrossJobs() throws Exception {
    complete(dir.resolve("checkpoints/job-a/chk-7"), 1_000);
    Path savepoint = complete(dir.resolve("savepoints/savepoint-a1b2c3-000000000001"), 3_000);
    complete(dir.resolve("checkpoints/job-b/chk-2"), 2_000);
    assertThat(Retained.newest(home())).contains(savepoint);

    Path later = complete(dir.resolve("checkpoints/job-c/chk-1"), 4_000);
    assertThat(Retained.newest(home())).contains(later);
  }

  @Test
  void aCheckpointWithoutMetadataIsNotComplete() throws Exception {
    Path done = complete(dir.resolve("checkpoints/job-a/chk-3"), 1_000);
    Files.createDirectories(dir.resolve("checkpoints/job-a/chk-4")); // being written when the JobManager died
    Files.createDirectories(dir.resolve("checkpoints/job-a/shared"));
    assertThat(Retained.newest(home())).contains(done);
  }
}
