package dev.ipvm.effects;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before a retry. */
final class Backoff {
  private Backoff() {}

  /**
   * The wait before retry {@code n} (0 for the first): {@code base * 2^n} capped at {@code max},
   * then jittered into its upper half so many tasks failing together do not retry in step.
   */
  static Duration delay(Duration base, Duration max, int n) {
    long cap = max.toNanos();
    long d = Math.min(base.toNanos(), cap);
    for (int i = 0; i < n && d < cap; i++) {
      d = Math.min(cap, d * 2);
    }
    long half = d / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(d - half + 1));
  }

  /**
   * A {@code Retry-After} value, in seconds or as an HTTP date; empty when it is neither.
   * A date in the past means now.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
