package dev.ipvm.cli.terminal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a display redrawn in place needs to know of the terminal: whether standard error is one, and its size. */
public final class Terminal {
  private Terminal() {}

  /**
   * Whether file descriptor 2 is a terminal. Java 17 can only tell whether standard input and
   * output both are ({@code System.console()}), so on Linux the descriptor itself is looked at.
   */
  public static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    if (term == null || term.isEmpty() || term.equals("dumb")) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(Path.of("/proc/self/fd"))) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /**
   * The terminal's rows and columns, 0 where unknown: $LINES and $COLUMNS, else what {@code stty
   * size} says of /dev/tty.
   */
  public static int[] size() {
    int[] size = {envInt("LINES"), envInt("COLUMNS")};
    if (size[0] > 0 && size[1] > 0) {
      return size;
    }
    try {
      Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(
          new File("/dev/tty"))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String[] rowsCols = out.split("\\s+");
        if (rowsCols.length == 2) {
          size[0] = size[0] > 0 ? size[0] : Integer.parseInt(rowsCols[0]);
          size[1] = size[1] > 0 ? size[1] : Integer.parseInt(rowsCols[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not available
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return size;
  }

  private static int envInt(String name) {
    try {
      String v = System.getenv(name);
      return v == null ? 0 : Math.max(0, Integer.parseInt(v.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
