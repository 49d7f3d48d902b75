package dev.ipvm.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the effect stream runs (keys {@code effects.*} in {@link JobOptions}): its own
 * concurrency, time caps and retry policy, apart from Wasm's, and where effects may go.
 *
 * @param concurrency effects in flight per effect executor instance
 * @param journalTtl how long an effect's outcome is remembered; a replay of its Task ID within
 *     that time is answered with it instead of running again
 * @param httpAllow hosts HTTP effects may reach (comma-separated host, host:port, *.domain, *)
 * @param httpAllowPrivate whether loopback, private and link-local addresses may be reached
 * @param httpTimeout time cap of one HTTP attempt, response body included
 * @param httpConnectTimeout time cap of opening a connection
 * @param httpMaxResponseBytes response body bytes kept; the rest is cut off
 * @param httpMaxRedirects redirects followed, each checked against the allowlist
 * @param httpRetries extra attempts after a connection error or a 5xx answer
 * @param httpRetryBackoff delay before the first retry; it doubles, up to 5 s
 * @param kafkaAllow topics {@code /kafka/publish} may write (names, or prefixes ending in *)
 */
public record EffectSettings(
    int concurrency,
    Duration journalTtl,
    String httpAllow,
    boolean httpAllowPrivate,
    Duration httpTimeout,
    Duration httpConnectTimeout,
    int httpMaxResponseBytes,
    int httpMaxRedirects,
    int httpRetries,
    Duration httpRetryBackoff,
    String kafkaAllow) implements Serializable {

  /** Longest wait between two attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  public EffectSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("effects.concurrency must be at least 1");
    }
    if (httpRetries < 0 || httpMaxRedirects < 0 || httpMaxResponseBytes < 0) {
      throw new IllegalArgumentException("effects.http.retries, max.redirects and max.response must not be negative");
    }
  }

  /** The longest one HTTP effect can take: every attempt, redirect and backoff. */
  public Duration httpWorstCase() {
    long attempts = (long) (httpRetries + 1) * (httpMaxRedirects + 1);
    return httpTimeout.plus(httpConnectTimeout).multipliedBy(attempts).plus(MAX_BACKOFF.multipliedBy(httpRetries));
  }

  public EffectSettings withHttp(String allow, boolean allowPrivate) {
    return new EffectSettings(concurrency, journalTtl, allow, allowPrivate, httpTimeout, httpConnectTimeout,
        httpMaxResponseBytes, httpMaxRedirects, httpRetries, httpRetryBackoff, kafkaAllow);
  }

  public EffectSettings withConcurrency(int n) {
    return new EffectSettings(n, journalTtl, httpAllow, httpAllowPrivate, httpTimeout, httpConnectTimeout,
        httpMaxResponseBytes, httpMaxRedirects, httpRetries, httpRetryBackoff, kafkaAllow);
  }

  public EffectSettings withKafkaAllow(String allow) {
    return new EffectSettings(concurrency, journalTtl, httpAllow, httpAllowPrivate, httpTimeout, httpConnectTimeout,
        httpMaxResponseBytes, httpMaxRedirects, httpRetries, httpRetryBackoff, allow);
  }

  public EffectSettings withHttpTiming(Duration timeout, int retries, Duration backoff) {
    return new EffectSettings(concurrency, journalTtl, httpAllow, httpAllowPrivate, timeout, httpConnectTimeout,
        httpMaxResponseBytes, httpMaxRedirects, retries, backoff, kafkaAllow);
  }
}
