package dev.ipvm.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The hostile-load suite's report: a one-line result per scenario on standard output, and a
 * Markdown file ({@code -Dhostile.report}, by default {@code target/hostile-report.md}) with a
 * table of every scenario run so far in this JVM, the machine and the method. The file is
 * written again after each scenario, so a suite cut short still leaves what it measured.
 */
final class HostileReport {
  /**
   * One scenario's result.
   *
   * @param order where it goes in the table
   * @param receipts receipts, plus DLQ records where the scenario sends records that are no envelope
   * @param restarted "no", or "yes (n)" with the restarts counted
   * @param verdict PASS, or FAIL and why
   * @param notes outcomes by name, settings peculiar to the scenario
   */
  record Row(int order, String scenario, ReceiptLedger.Tally tally, Latency quiet, Latency during, String restarted,
      String verdict, String notes) {
    String line() {
      return "HOSTILE " + scenario + ": sent " + tally.sent() + ", receipts " + tally.records() + ", lost "
          + tally.lost() + ", duplicated " + tally.duplicated() + ", healthy p50/p99 quiet " + quiet.cell()
          + ", during " + during.cell() + ", restarted " + restarted + ", " + verdict;
    }

    String tableRow() {
      return "| " + scenario + " | " + tally.sent() + " | " + tally.records() + " | " + tally.lost() + " | "
          + tally.duplicated() + " | " + quiet.cell() + " | " + during.cell() + " | " + restarted + " | " + verdict
          + " |";
    }
  }

  private static final List<Row> ROWS = new ArrayList<>();

  private HostileReport() {}

  static synchronized void add(Row row) {
    System.out.println(row.line());
    ROWS.add(row);
    ROWS.sort(Comparator.comparingInt(Row::order));
    Path file = Path.of(System.getProperty("hostile.report", "target/hostile-report.md"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown() {
    StringBuilder sb = new StringBuilder("# Hostile-load suite\n\n");
    sb.append("Run ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" at commit ").append(commit())
        .append(" by `").append(Hostile.COMMAND).append("`.\n\n");
    sb.append("**Machine.** ").append(machine()).append("\n\n");
    sb.append("**Method.** ").append(Hostile.method()).append("\n\n");
    sb.append("| scenario | sent | receipts | lost | duplicated | healthy p50/p99 quiet | during | restarted | verdict |\n");
    sb.append("|---|---:|---:|---:|---:|---|---|---|---|\n");
    ROWS.forEach(r -> sb.append(r.tableRow()).append('\n'));
    sb.append('\n');
    ROWS.forEach(r -> sb.append("- **").append(r.scenario()).append("**: ").append(r.notes()).append('\n'));
    return sb.toString();
  }

  /** {@code -Dhostile.commit}, else what git says of the working directory. */
  static String commit() {
    String c = System.getProperty("hostile.commit", "");
    if (!c.isEmpty()) {
      return c;
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** nproc, CPU, memory, JDK and OS, as the benchmarks name them. */
  static String machine() {
    return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + procLine("/proc/cpuinfo", "model name")
        .orElse("CPU unknown") + ", " + procLine("/proc/meminfo", "MemTotal").map(m -> m + " RAM").orElse("")
        + "; JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "; " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ".";
  }

  private static Optional<String> procLine(String file, String name) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(name)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
