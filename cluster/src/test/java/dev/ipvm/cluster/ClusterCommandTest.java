package dev.ipvm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.testing.HelpText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm cluster}'s help and its answers before any cluster exists. */
class ClusterCommandTest {
  @TempDir
  Path dir;

  @Test
  void everySubcommandsHelpReadsWellAt80Columns() {
    assertThat(HelpText.problems(ClusterCommand.commandLine(), 80)).isEmpty();
  }

  @Test
  void commandsOnAFolderWithoutAClusterSaySoInOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = ClusterCommand.commandLine().execute("--home", dir.toString(), "status");
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("ipvm cluster: no cluster in " + dir.toAbsolutePath().normalize() + " (start one: bin/ipvm cluster up)");
  }

  @Test
  void tooManyTaskManagersIsRefusedBeforeAnythingStarts() {
    assertThat(ClusterCommand.commandLine().execute("--home", dir.toString(), "up", "--taskmanagers", "17"))
        .isEqualTo(1);
    assertThat(FlinkProcess.running(new ClusterHome(dir))).isEmpty();
  }
}
