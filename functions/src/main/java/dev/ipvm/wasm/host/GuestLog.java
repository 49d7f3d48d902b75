package dev.ipvm.wasm.host;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's log lines from its module, bounded: at most {@link #MAX_MESSAGES} lines and
 * {@link #MAX_BYTES} bytes of text per run (a longer line is cut); what is over is counted and
 * reported in one line when the run ends. The bound never fails the run, so logging cannot
 * change a result.
 */
public final class GuestLog {
  public static final int MAX_MESSAGES = 100;
  public static final int MAX_BYTES = 16 * 1024;
  /** The logger the job's log gets module lines under. */
  public static final String LOGGER = "dev.ipvm.wasm.guest";

  /** The levels of wasi:logging, in its enum's order. */
  public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL }

  /** Where the lines go. */
  @FunctionalInterface
  public interface Sink {
    void log(Level level, String context, String message);
  }

  /** The job's log: SLF4J, under {@link #LOGGER}, each line prefixed with the run's label. */
  public static Sink slf4j(String label) {
    Logger log = LoggerFactory.getLogger(LOGGER);
    return (level, context, message) -> {
      String format = "[{}] {}: {}";
      switch (level) {
        case TRACE -> log.trace(format, label, context, message);
        case DEBUG -> log.debug(format, label, context, message);
        case INFO -> log.info(format, label, context, message);
        case WARN -> log.warn(format, label, context, message);
        default -> log.error(format, label, context, message);
      }
    };
  }

  private final Sink sink;
  private int messages;
  private long bytes;
  private long droppedMessages;
  private long droppedBytes;

  public GuestLog(Sink sink) {
    this.sink = sink;
  }

  /** Whether the run's bounds are used up (the next line is dropped). */
  boolean full() {
    return messages >= MAX_MESSAGES || bytes >= MAX_BYTES;
  }

  /** Bytes of text the run may still log. */
  int room() {
    return (int) (MAX_BYTES - bytes);
  }

  /** Counts a line the bounds dropped. */
  void drop(long size) {
    droppedMessages++;
    droppedBytes += size;
  }

  /**
   * Logs one line, its text already cut to {@link #room()} by the caller; malformed UTF-8 is
   * replaced, not refused, since a log line never fails the run.
   */
  void log(Level level, byte[] context, byte[] message, boolean cut) {
    messages++;
    bytes += context.length + message.length;
    String msg = new String(message, StandardCharsets.UTF_8);
    sink.log(level, new String(context, StandardCharsets.UTF_8), cut ? msg + " [cut at the run's log limit]" : msg);
  }

  /** Reports what the bounds dropped; called once when the run ends. */
  public void close() {
    if (droppedMessages > 0) {
      sink.log(Level.WARN, "ipvm", droppedMessages + " further log lines (" + droppedBytes
          + " bytes) dropped: a run logs at most " + MAX_MESSAGES + " lines and " + MAX_BYTES + " bytes");
    }
  }

  public int messages() {
    return messages;
  }

  public long droppedMessages() {
    return droppedMessages;
  }
}
