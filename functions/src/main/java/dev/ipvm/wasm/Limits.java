package dev.ipvm.wasm;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds of one run. A task asks for its own (the invocation's {@code meta}); the
 * runtime caps each by its configured maximum.
 *
 * @param fuel Wasm instructions, counted as the fuel meter counts them
 * @param memoryBytes linear memory, rounded down to whole 64 KiB pages
 * @param time wall-clock time for the whole run
 * @param outputBytes size of the encoded result
 */
public record Limits(long fuel, long memoryBytes, Duration time, int outputBytes) implements Serializable {
  public static final long PAGE = 65_536;

  /** Defaults for a task that asks for nothing: 1e9 fuel, 64 MiB, 10 s, 1 MiB of output. */
  public static final Limits DEFAULT = new Limits(1_000_000_000L, 64L << 20, Duration.ofSeconds(10), 1 << 20);

  /** Default maxima: 1e11 fuel, 1 GiB, 60 s, 8 MiB of output. */
  public static final Limits MAXIMUM = new Limits(100_000_000_000L, 1L << 30, Duration.ofSeconds(60), 8 << 20);

  public Limits {
    if (fuel <= 0 || memoryBytes < 0 || time.isNegative() || time.isZero() || outputBytes < 0) {
      throw new IllegalArgumentException("limits must be positive: " + fuel + " fuel, " + memoryBytes
          + " bytes, " + time + ", " + outputBytes + " output bytes");
    }
  }

  /** Each bound no larger than {@code max}'s. */
  public Limits cappedBy(Limits max) {
    return new Limits(Math.min(fuel, max.fuel), Math.min(memoryBytes, max.memoryBytes),
        time.compareTo(max.time) <= 0 ? time : max.time, Math.min(outputBytes, max.outputBytes));
  }

  /** Each bound no smaller than {@code other}'s. */
  public Limits raisedTo(Limits other) {
    return new Limits(Math.max(fuel, other.fuel), Math.max(memoryBytes, other.memoryBytes),
        time.compareTo(other.time) >= 0 ? time : other.time, Math.max(outputBytes, other.outputBytes));
  }

  /** Each bound no larger than {@code other}'s. */
  public boolean within(Limits other) {
    return fuel <= other.fuel && memoryBytes <= other.memoryBytes && time.compareTo(other.time) <= 0
        && outputBytes <= other.outputBytes;
  }

  public Limits withFuel(long v) {
    return new Limits(v, memoryBytes, time, outputBytes);
  }

  public Limits withMemoryBytes(long v) {
    return new Limits(fuel, v, time, outputBytes);
  }

  public Limits withTime(Duration v) {
    return new Limits(fuel, memoryBytes, v, outputBytes);
  }

  public Limits withOutputBytes(int v) {
    return new Limits(fuel, memoryBytes, time, v);
  }

  /** The memory cap in whole pages. */
  public int memoryPages() {
    return (int) Math.min(memoryBytes / PAGE, 65_536);
  }
}
