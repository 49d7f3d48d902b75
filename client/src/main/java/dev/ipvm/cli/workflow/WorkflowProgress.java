package dev.ipvm.cli.workflow;

import dev.ipvm.cli.terminal.Terminal;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The live progress of {@code ipvm workflow run} on standard error: one line per task,
 * {@code <label>  <state>} (labels padded to one width), and a summary line {@code D/N done,
 * R running, W waiting, S.s s}.
 *
 * <ul>
 *   <li>{@link Mode#ANSI}: the lines are redrawn in place (cursor up, erase line) as states change
 *       and the clock runs; lines are cut to the terminal's width so that none wraps.
 *   <li>{@link Mode#LINES}: the first state of every task, then a line per state change, then the
 *       summary line once at the end. For logs and pipes.
 *   <li>{@link Mode#NONE}: nothing.
 * </ul>
 */
final class WorkflowProgress {
  /** How progress is shown; {@code auto} picks ANSI when standard error is a terminal. */
  enum Mode { AUTO, ANSI, LINES, NONE }

  /** How often the ANSI display is redrawn when nothing changed (the clock). */
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final PrintStream err;
  private final Mode mode;
  private final List<String> labels;
  private final int width;
  private final int columns;
  private final List<String> shown = new ArrayList<>();
  private int drawnLines;
  private long drawnAt;
  private String drawnSummary;

  WorkflowProgress(PrintStream err, Mode mode, List<String> labels) {
    this.err = err;
    this.labels = List.copyOf(labels);
    this.width = labels.stream().mapToInt(String::length).max().orElse(0);
    Mode chosen = mode == Mode.AUTO ? (Terminal.stderrIsTerminal() ? Mode.ANSI : Mode.LINES) : mode;
    int[] size = chosen == Mode.ANSI ? Terminal.size() : null;
    if (mode == Mode.AUTO && size != null && size[0] > 0 && labels.size() + 2 > size[0]) {
      chosen = Mode.LINES; // taller than the terminal: the cursor cannot go back up to the first line
    }
    this.mode = chosen;
    this.columns = chosen == Mode.ANSI ? (size[1] > 0 ? size[1] : 80) : Integer.MAX_VALUE;
  }

  Mode mode() {
    return mode;
  }

  /** One task's line: {@code <label padded>  <state>}. */
  String line(int task, String state) {
    StringBuilder s = new StringBuilder(labels.get(task));
    while (s.length() < width) {
      s.append(' ');
    }
    return s.append("  ").append(state.replace('\n', ' ').replace('\r', ' ')).toString();
  }

  /** The summary line, e.g. {@code 3/5 done, 1 running, 1 waiting, 12.3 s}. */
  static String summary(int done, int total, int running, int waiting, double seconds) {
    return String.format(Locale.ROOT, "%d/%d done, %d running, %d waiting, %.1f s", done, total, running, waiting,
        seconds);
  }

  /**
   * Shows the current states (one per task, as {@link WorkflowRun} words them) and summary.
   *
   * @param last true for the final update: the summary line is printed in every mode
   */
  void update(List<String> states, String summary, boolean last) {
    switch (mode) {
      case ANSI:
        boolean clock = !summary.equals(drawnSummary) && System.nanoTime() - drawnAt >= REDRAW_NANOS;
        if (last || drawnLines == 0 || !states.equals(shown) || clock) {
          draw(states, summary);
        }
        break;
      case LINES:
        for (int i = 0; i < states.size(); i++) {
          if (i >= shown.size() || !states.get(i).equals(shown.get(i))) {
            err.println(line(i, states.get(i)));
          }
        }
        if (last) {
          err.println(summary);
        }
        err.flush();
        break;
      default:
        break;
    }
    shown.clear();
    shown.addAll(states);
  }

  private void draw(List<String> states, String summary) {
    StringBuilder s = new StringBuilder();
    if (drawnLines > 0) {
      s.append("\r\033[").append(drawnLines).append('A');
    }
    for (int i = 0; i < states.size(); i++) {
      s.append("\033[2K").append(cut(line(i, states.get(i)))).append('\n');
    }
    s.append("\033[2K").append(cut(summary)).append('\n');
    err.print(s);
    err.flush();
    drawnLines = states.size() + 1;
    drawnAt = System.nanoTime();
    drawnSummary = summary;
  }

  private String cut(String line) {
    return line.length() < columns ? line : line.substring(0, Math.max(1, columns - 4)) + "...";
  }
}
