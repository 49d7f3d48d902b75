package dev.ipvm.effects;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One {@link HttpEffect#run}: the current hop, attempts so far, retries used. Not shared between threads. */
final class HttpCall {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

  /** One sent request: its response, or the result that ends the run. */
  private record Exchange(HttpResponse<CappedBody.Body> response, HttpEffect.Result stop, String note) {}

  private final HttpEffect.Settings settings;
  private final HttpClient client;
  private final String key;
  private Redirects.Hop hop;
  private int attempts;
  private int retried;
  private int redirects;
  private boolean sent;

  HttpCall(HttpEffect.Settings settings, HttpClient client, HttpRequest req, String key) {
    this.settings = settings;
    this.client = client;
    this.key = key;
    this.hop = new Redirects.Hop(req.method(), req.url(), req.headers(), req.body());
  }

  HttpEffect.Result run() {
    if (!METHODS.contains(hop.method())) {
      return error(EffectError.INVALID_ARGS, "method must be GET, POST, PUT or DELETE, got '" + hop.method() + "'");
    }
    for (String name : hop.headers().keySet()) {
      if (name.equalsIgnoreCase(HttpRequest.IDEMPOTENCY_KEY)) {
        return error(EffectError.INVALID_ARGS, "headers may not set Idempotency-Key: the executor sends the Task ID");
      }
    }
    URI from = null;
    while (true) {
      Optional<String> denied = settings.policy().denial(hop.url());
      if (denied.isPresent()) {
        return error(EffectError.DESTINATION_DENIED, from == null ? denied.get()
            : "the redirect from " + from + " to " + hop.url() + " was denied: " + denied.get());
      }
      java.net.http.HttpRequest request;
      try {
        request = build();
      } catch (IllegalArgumentException e) {
        return error(EffectError.INVALID_ARGS, e.getMessage());
      }
      Exchange ex = exchange(request);
      if (ex.stop() != null) {
        return ex.stop();
      }
      HttpResponse<CappedBody.Body> resp = ex.response();
      int status = resp.statusCode();
      Optional<String> location = resp.headers().firstValue("location");
      if (Redirects.isRedirect(status) && location.isPresent()) {
        if (redirects == settings.maxRedirects()) {
          return error(EffectError.TOO_MANY_REDIRECTS, describe() + " redirected to " + location.get() + " after "
              + redirects + " redirects; at most " + settings.maxRedirects() + " are followed");
        }
        try {
          Redirects.Hop next = Redirects.follow(hop, status, location.get());
          from = hop.url();
          hop = next;
        } catch (IllegalArgumentException e) {
          return error(EffectError.INVALID_REDIRECT, describe() + " answered " + status + " with a bad " + e.getMessage());
        }
        redirects++;
        continue;
      }
      Outcome out = status < 400 ? new Outcome.Ok(fields(resp).build())
          : new Outcome.Error(fields(resp).put("name", EffectError.HTTP_STATUS.errorName()).put("message", describe() + " answered " + status
              + (attempts > 1 ? " (" + attempts + " attempts)" : "") + ex.note()).build());
      return new HttpEffect.Result(out, attempts, sent);
    }
  }

  /** Sends {@code request}, retrying connection failures and 5xx answers within the budget. */
  private Exchange exchange(java.net.http.HttpRequest request) {
    while (true) {
      attempts++;
      CappedBody body = new CappedBody(settings.maxResponseBytes());
      CompletableFuture<HttpResponse<CappedBody.Body>> future = client.sendAsync(request, info -> body);
      HttpResponse<CappedBody.Body> resp;
      try {
        resp = future.get(settings.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        body.abort();
        sent = true; // unknown, so assume it reached the server
        return stop(timeout());
      } catch (InterruptedException e) {
        future.cancel(true);
        body.abort();
        sent = true;
        Thread.currentThread().interrupt();
        return stop(interrupted());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        boolean connect = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
        sent |= !connect; // a reset or other I/O failure may come after the server got the request
        if (cause instanceof HttpTimeoutException && !connect) {
          return stop(timeout());
        }
        if (cause instanceof IOException && retried < settings.retries()) {
          if (!sleep(Backoff.delay(settings.retryBackoff(), settings.maxBackoff(), retried++))) {
            return stop(interrupted());
          }
          continue;
        }
        return stop(error(EffectError.CONNECTION_FAILED, describe() + " failed after " + attempts
            + (attempts == 1 ? " attempt: " : " attempts: ") + brief(cause)));
      }
      sent = true;
      if (resp.statusCode() >= 500 && retried < settings.retries()) {
        Duration wait = Backoff.delay(settings.retryBackoff(), settings.maxBackoff(), retried);
        Optional<Duration> after = resp.headers().firstValue("retry-after")
            .flatMap(v -> Backoff.retryAfter(v, Instant.now()));
        if (after.isPresent()) {
          if (after.get().compareTo(settings.maxBackoff()) > 0) {
            // the server asked for a longer pause than we wait: retrying sooner would ignore it
            return new Exchange(resp, null, "; not retried: Retry-After " + human(after.get())
                + " is longer than the " + human(settings.maxBackoff()) + " backoff cap");
          }
          wait = after.get();
        }
        retried++;
        if (!sleep(wait)) {
          return stop(interrupted());
        }
        continue;
      }
      return new Exchange(resp, null, "");
    }
  }

  private java.net.http.HttpRequest build() {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(hop.url());
    for (Map.Entry<String, String> h : hop.headers().entrySet()) {
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        // the JDK refuses headers it manages itself (host, content-length, connection, ...)
        throw new IllegalArgumentException("header '" + h.getKey() + "' cannot be sent: " + e.getMessage(), e);
      }
    }
    b.header("Idempotency-Key", key);
    byte[] body = hop.body();
    return b.method(hop.method(), body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body))
        .build();
  }

  /** {@code {status, headers, body, url?, truncated?}}: an Ok's value, and an HttpStatus error's fields. */
  private Ipld.Map.Builder fields(HttpResponse<CappedBody.Body> resp) {
    Map<String, String> joined = new TreeMap<>();
    resp.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) { // HTTP/2 pseudo-headers are not headers
        joined.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b);
      }
    });
    Ipld.Map.Builder headers = Ipld.Map.builder();
    joined.forEach(headers::put);
    CappedBody.Body body = resp.body();
    Ipld.Map.Builder m = Ipld.Map.builder()
        .put("status", resp.statusCode())
        .put("headers", headers.build())
        .put("body", Ipld.Bytes.wrap(body.bytes()));
    if (redirects > 0) {
      m.put("url", hop.url().toString());
    }
    if (body.truncated()) {
      m.put("truncated", Ipld.TRUE);
    }
    return m;
  }

  private String describe() {
    return hop.method() + " " + hop.url();
  }

  private HttpEffect.Result timeout() {
    return error(EffectError.TIMEOUT, describe() + " did not complete within " + human(settings.attemptTimeout())
        + "; not retried, as it may have taken effect");
  }

  private HttpEffect.Result interrupted() {
    return error(EffectError.INTERRUPTED, describe() + " was interrupted (the executor is stopping)");
  }

  private HttpEffect.Result error(EffectError name, String message) {
    return new HttpEffect.Result(name.outcome(message), attempts, sent);
  }

  private Exchange stop(HttpEffect.Result r) {
    return new Exchange(null, r, "");
  }

  /** Waits {@code d}; false when interrupted (the flag is restored). */
  private static boolean sleep(Duration d) {
    try {
      TimeUnit.NANOSECONDS.sleep(d.toNanos());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** "ConnectException: Connection refused", looking into causes when the outer has no message. */
  private static String brief(Throwable t) {
    String m = t.getMessage();
    for (Throwable c = t.getCause(); m == null && c != null; c = c.getCause()) {
      m = c.getMessage();
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 || ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
  }
}
