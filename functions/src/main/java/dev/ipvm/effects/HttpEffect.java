package dev.ipvm.effects;

import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the HTTP effects ({@code /http/get}, {@code /http/post}, {@code /http/put}, {@code
 * /http/delete}): one blocking {@link #run} per task, safe to call from many threads at once.
 * Every hop passes the {@link DestinationPolicy} before it is sent; every attempt carries the
 * Task ID as {@code Idempotency-Key}; only failures that are safe to repeat are retried.
 */
public final class HttpEffect implements AutoCloseable {

  /**
   * @param connectTimeout for opening a connection
   * @param attemptTimeout for one attempt, from sending until the whole body is read
   * @param maxResponseBytes body bytes kept; the rest is dropped and the result marked truncated
   * @param maxRedirects redirects followed before giving up
   * @param retries extra attempts, over the whole run, after connection failures and 5xx answers
   * @param retryBackoff the first wait before a retry; it doubles for each further retry
   * @param maxBackoff the longest wait, and the longest {@code Retry-After} honoured
   * @param policy where requests may go
   */
  public record Settings(Duration connectTimeout, Duration attemptTimeout, int maxResponseBytes,
      int maxRedirects, int retries, Duration retryBackoff, Duration maxBackoff, DestinationPolicy policy) {

    /** 5 s connect, 10 s per attempt, 1 MiB, 5 redirects, 3 retries from 200 ms to 5 s; no destination. */
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20,
        5, 3, Duration.ofMillis(200), Duration.ofSeconds(5), DestinationPolicy.NONE);

    public Settings {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      Objects.requireNonNull(retryBackoff, "retryBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(policy, "policy");
      if (connectTimeout.isNegative() || connectTimeout.isZero() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: connect " + connectTimeout + ", attempt " + attemptTimeout);
      }
      if (maxResponseBytes < 0 || maxRedirects < 0 || retries < 0) {
        throw new IllegalArgumentException("limits must not be negative: maxResponseBytes " + maxResponseBytes
            + ", maxRedirects " + maxRedirects + ", retries " + retries);
      }
      if (retryBackoff.isNegative() || maxBackoff.isNegative()) {
        throw new IllegalArgumentException("backoffs must not be negative: " + retryBackoff + ", " + maxBackoff);
      }
    }

    public Settings withPolicy(DestinationPolicy p) {
      return new Settings(connectTimeout, attemptTimeout, maxResponseBytes, maxRedirects, retries, retryBackoff, maxBackoff, p);
    }
  }

  /**
   * @param outcome the task's result
   * @param attempts requests started, counting retries and redirect hops
   * @param sent whether a request may have reached a server: false only when none can have
   */
  public record Result(Outcome outcome, int attempts, boolean sent) {}

  private final Settings settings;
  private final HttpClient client;

  public HttpEffect(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, so the policy sees each hop
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY) // connect to the address the policy checked
        .build();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Runs {@code req}, blocking until it ends: at most {@code 1 + retries + maxRedirects}
   * attempts, each within the attempt timeout, plus backoff. Always returns a result; an
   * "Interrupted" error means the calling thread was interrupted (the job is stopping), which
   * is no answer for the task and should not be recorded as its receipt.
   *
   * @param idempotencyKey the Task ID, sent as {@code Idempotency-Key} on every attempt
   */
  public Result run(HttpRequest req, String idempotencyKey) {
    Objects.requireNonNull(req, "req");
    if (idempotencyKey == null || idempotencyKey.isBlank()
        || idempotencyKey.indexOf('\r') >= 0 || idempotencyKey.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("idempotency key must be a non-blank single line, got '" + idempotencyKey + "'");
    }
    return new HttpCall(settings, client, req, idempotencyKey).run();
  }

  /** Releases the client's threads where the JDK allows it (Java 21+); on 17 they end with the client. */
  @Override
  public void close() {
    if ((Object) client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing useful to do: the client is unusable either way
      }
    }
  }
}
