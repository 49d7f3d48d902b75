package dev.ipvm.cli.kafka;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one submission's wall time goes, for the CLI round-trip benchmark
 * ({@code benchmarks/run-cli.sh}). With {@code -Dipvm.timings=true} (through
 * {@code IPVM_JAVA_OPTS}, say) a submission ends with one line on standard error,
 * {@code timings: start 700 ms, connect 240 ms, publish 90 ms, receipt 520 ms, report 12 ms}:
 * start is the process's start to the submission (the JVM, parsing, signing); connect, the
 * broker's metadata and the receipts topic's end; publish, the blocks and the invocation acked;
 * receipt, the wait for it (the job and its checkpoint); report, checking and printing it. Off by
 * default, when it costs nothing.
 */
public final class RoundTripTimes {
  /** The system property that turns the line on. */
  public static final String PROPERTY = "ipvm.timings";

  private final boolean on;
  private final List<String> names = new ArrayList<>();
  private final List<Long> millis = new ArrayList<>();
  private long last;

  private RoundTripTimes(boolean on) {
    this.on = on;
    if (on) {
      Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
      last = started.toEpochMilli();
    }
  }

  /** Times for this process, on when {@value #PROPERTY} is true. */
  public static RoundTripTimes start() {
    return new RoundTripTimes(Boolean.getBoolean(PROPERTY));
  }

  /** Ends the phase {@code name} now. */
  public void mark(String name) {
    if (!on) {
      return;
    }
    long now = System.currentTimeMillis();
    names.add(name);
    millis.add(now - last);
    last = now;
  }

  /** Prints the line, when on. */
  public void print(PrintStream err) {
    if (!on) {
      return;
    }
    StringBuilder line = new StringBuilder("timings:");
    for (int i = 0; i < names.size(); i++) {
      line.append(i == 0 ? " " : ", ").append(names.get(i)).append(' ')
          .append(millis.get(i)).append(" ms");
    }
    err.println(line);
  }
}
