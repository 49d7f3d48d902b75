package dev.ipvm.effects;

import static dev.ipvm.testing.RecordingServer.reply;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.effects.HttpEffect.Result;
import dev.ipvm.effects.HttpEffect.Settings;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import dev.ipvm.testing.RecordingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against real servers on 127.0.0.1 that record what reached them. */
class HttpEffectTest {
  private static final int CAP = 4096;
  private static final Duration BACKOFF = Duration.ofMillis(20);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private RecordingServer server(RecordingServer.Handler h) throws IOException {
    RecordingServer s = RecordingServer.start(h);
    closing.add(s);
    return s;
  }

  /**
   * Short backoff, 2 retries, 3 redirects; {@code allow} with private ranges allowed. Attempts may
   * take 5 s, so that a loaded machine never turns an answer into a Timeout; the timeout tests use
   * {@link #impatient}.
   */
  private HttpEffect effect(String allow, boolean allowPrivate) {
    return effect(allow, allowPrivate, Duration.ofSeconds(5));
  }

  private HttpEffect effect(String allow, boolean allowPrivate, Duration attemptTimeout) {
    HttpEffect e = new HttpEffect(new Settings(Duration.ofSeconds(5), attemptTimeout, CAP, 3, 2,
        BACKOFF, Duration.ofMillis(100), DestinationPolicy.parse(allow, allowPrivate)));
    closing.add(e);
    return e;
  }

  /** Attempts of 500 ms, for the servers that answer in 3 s. */
  private HttpEffect impatient(RecordingServer s) {
    return effect(s.hostPort(), true, Duration.ofMillis(500));
  }

  private HttpEffect effect(RecordingServer s) {
    return effect(s.hostPort(), true);
  }

  private static HttpRequest get(String url, String... headerPairs) {
    return request("GET", url, "", headerPairs);
  }

  private static HttpRequest request(String method, String url, String body, String... headerPairs) {
    Map<String, String> headers = new java.util.TreeMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new HttpRequest(method, URI.create(url), headers, body.getBytes(UTF_8));
  }

  private static Ipld.Map ok(Result r) {
    assertThat(r.outcome()).as("%s", r).isInstanceOf(Outcome.Ok.class);
    return (Ipld.Map) ((Outcome.Ok) r.outcome()).value();
  }

  private static Outcome.Error error(Result r, String name) {
    assertThat(r.outcome()).as("%s", r).isInstanceOf(Outcome.Error.class);
    Outcome.Error e = (Outcome.Error) r.outcome();
    assertThat(e.name()).as(e.message()).isEqualTo(name);
    return e;
  }

  private static String text(Ipld v) {
    return new String(((Ipld.Bytes) v).toByteArray(), UTF_8);
  }

  private static String header(Ipld.Map m, String name) {
    return ((Ipld.Text) ((Ipld.Map) m.get("headers")).get(name)).value();
  }

  @Test
  void getReturnsStatusHeadersAndBody() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      ex.getResponseHeaders().add("X-Multi", "a");
      ex.getResponseHeaders().add("X-Multi", "b");
      reply(ex, 200, "hello", "X-Thing", "yes");
    });
    Result r = effect(s).run(get(s.url("/path?q=1"), "x-req", "v"), "task-1");

    Ipld.Map m = ok(r);
    assertThat(m.get("status")).isEqualTo(Ipld.integer(200));
    assertThat(header(m, "x-thing")).isEqualTo("yes");
    assertThat(header(m, "x-multi")).isEqualTo("a, b");
    assertThat(text(m.get("body"))).isEqualTo("hello");
    assertThat(m.containsKey("url")).isFalse();
    assertThat(m.containsKey("truncated")).isFalse();
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.sent()).isTrue();
    RecordingServer.Request seen = s.requests().get(0);
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.path()).isEqualTo("/path?q=1");
    assertThat(seen.header("Idempotency-Key")).isEqualTo("task-1");
    assertThat(seen.header("x-req")).isEqualTo("v");
  }

  @Test
  void postSendsBodyContentTypeAndIdempotencyKey() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 201, "made"));
    Result r = effect(s).run(request("POST", s.url("/things"), "{\"a\":1}", "content-type", "application/json"), "task-2");

    assertThat(ok(r).get("status")).isEqualTo(Ipld.integer(201));
    RecordingServer.Request seen = s.requests().get(0);
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.bodyText()).isEqualTo("{\"a\":1}");
    assertThat(seen.header("content-type")).isEqualTo("application/json");
    assertThat(seen.header("idempotency-key")).isEqualTo("task-2");
  }

  @Test
  void retries503ThenSucceedsWithTheSameKey() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, n < 2 ? 503 : 200, n < 2 ? "busy" : "fine"));
    Result r = effect(s).run(request("PUT", s.url("/x"), "v"), "task-3");

    assertThat(text(ok(r).get("body"))).isEqualTo("fine");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(s.requests()).hasSize(3).allSatisfy(q -> {
      assertThat(q.header("idempotency-key")).isEqualTo("task-3");
      assertThat(q.bodyText()).isEqualTo("v");
    });
  }

  @Test
  void persistent500IsAnHttpStatusErrorAfterAllRetries() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 500, "boom", "X-Why", "broken"));
    Result r = effect(s).run(request("POST", s.url("/x"), "b"), "k");

    Outcome.Error e = error(r, "HttpStatus");
    assertThat(e.message()).startsWith("POST " + s.url("/x") + " answered 500");
    assertThat(e.value().get("status")).isEqualTo(Ipld.integer(500));
    assertThat(text(e.value().get("body"))).isEqualTo("boom");
    assertThat(header(e.value(), "x-why")).isEqualTo("broken");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(s.requests()).hasSize(3);
  }

  @Test
  void a404IsNotRetried() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 404, "no such thing"));
    Result r = effect(s).run(get(s.url("/missing")), "k");

    Outcome.Error e = error(r, "HttpStatus");
    assertThat(e.message()).isEqualTo("GET " + s.url("/missing") + " answered 404");
    assertThat(text(e.value().get("body"))).isEqualTo("no such thing");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(s.requests()).hasSize(1);
  }

  @Test
  void connectionRefusedIsRetriedWithBackoffThenFails() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/x";
    long start = System.nanoTime();
    Result r = effect("127.0.0.1:" + port, true).run(get(url), "k");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    Outcome.Error e = error(r, "ConnectionFailed");
    assertThat(e.message()).contains(url).contains("3 attempts").contains("ConnectException");
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.sent()).isFalse();
    // two waits, each at least half its backoff step (20 ms, then 40 ms)
    assertThat(took).isGreaterThanOrEqualTo(BACKOFF.dividedBy(2).plus(BACKOFF));
  }

  @Test
  void aResetBeforeTheResponseIsRetried() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      if (n > 0) {
        reply(ex, 200, "second time");
      } // the first: no reply; the server drops the connection
    });
    // a POST, because the JDK client itself retries a GET once after such a reset
    Result r = effect(s).run(request("POST", s.url("/x"), "b"), "k");

    assertThat(text(ok(r).get("body"))).isEqualTo("second time");
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(s.requests()).hasSize(2).allSatisfy(q -> assertThat(q.header("idempotency-key")).isEqualTo("k"));
  }

  @Test
  void aSlowServerTimesOutWithoutRetry() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      Thread.sleep(3000);
      reply(ex, 200, "late");
    });
    Result r = impatient(s).run(get(s.url("/slow")), "k");

    assertThat(error(r, "Timeout").message()).contains(s.url("/slow")).contains("500 ms");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.sent()).isTrue();
    assertThat(s.requests()).hasSize(1);
  }

  @Test
  void aSlowBodyTimesOutToo() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      ex.sendResponseHeaders(200, 0); // chunked: headers now, body trickles
      OutputStream out = ex.getResponseBody();
      out.write("start".getBytes(UTF_8));
      out.flush();
      Thread.sleep(3000);
      out.close();
    });
    Result r = impatient(s).run(get(s.url("/trickle")), "k");

    error(r, "Timeout");
    assertThat(r.attempts()).isEqualTo(1);
  }

  @Test
  void aBodyOverTheCapIsTruncatedToExactlyTheCap() throws Exception {
    byte[] big = new byte[CAP * 10];
    Arrays.fill(big, (byte) 'x');
    RecordingServer s = server((req, ex, n) -> reply(ex, 200, req.path().equals("/exact") ? Arrays.copyOf(big, CAP) : big));
    HttpEffect effect = effect(s);

    Ipld.Map m = ok(effect.run(get(s.url("/big")), "k"));
    assertThat(((Ipld.Bytes) m.get("body")).length()).isEqualTo(CAP);
    assertThat(m.get("truncated")).isEqualTo(Ipld.TRUE);

    Ipld.Map exact = ok(effect.run(get(s.url("/exact")), "k2"));
    assertThat(((Ipld.Bytes) exact.get("body")).length()).isEqualTo(CAP);
    assertThat(exact.containsKey("truncated")).isFalse();
  }

  @Test
  void followsARelativeRedirectWithTheSameKeyAndCredentials() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      if (req.path().equals("/start")) {
        reply(ex, 302, "", "Location", "/next");
      } else {
        reply(ex, 200, "done");
      }
    });
    Result r = effect(s).run(get(s.url("/start"), "authorization", "Bearer t"), "task-r");

    Ipld.Map m = ok(r);
    assertThat(text(m.get("body"))).isEqualTo("done");
    assertThat(m.get("url")).isEqualTo(Ipld.text(s.url("/next")));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(s.requests()).extracting(RecordingServer.Request::path).containsExactly("/start", "/next");
    assertThat(s.requests()).allSatisfy(q -> {
      assertThat(q.header("idempotency-key")).isEqualTo("task-r");
      assertThat(q.header("authorization")).isEqualTo("Bearer t"); // same origin: kept
    });
  }

  @Test
  void a303TurnsPostIntoGetAndA307KeepsIt() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      switch (req.path()) {
        case "/see-other" -> reply(ex, 303, "", "Location", "/result");
        case "/temporary" -> reply(ex, 307, "", "Location", "/result");
        default -> reply(ex, 200, req.method() + ":" + req.bodyText());
      }
    });
    HttpEffect effect = effect(s);

    Result r = effect.run(request("POST", s.url("/see-other"), "x=1", "content-type", "text/plain"), "k");
    assertThat(text(ok(r).get("body"))).isEqualTo("GET:");
    RecordingServer.Request second = s.requests().get(1);
    assertThat(second.method()).isEqualTo("GET");
    assertThat(second.header("content-type")).isNull();
    assertThat(second.header("idempotency-key")).isEqualTo("k");

    Result kept = effect.run(request("POST", s.url("/temporary"), "x=2", "content-type", "text/plain"), "k2");
    assertThat(text(ok(kept).get("body"))).isEqualTo("POST:x=2");
    assertThat(s.requests().get(3).header("content-type")).isEqualTo("text/plain");
  }

  @Test
  void credentialsAreDroppedWhenARedirectChangesOrigin() throws Exception {
    RecordingServer other = server((req, ex, n) -> reply(ex, 200, "other"));
    RecordingServer s = server((req, ex, n) -> reply(ex, 302, "", "Location", other.url("/landing")));
    HttpEffect effect = effect(s.hostPort() + "," + other.hostPort(), true);

    Result r = effect.run(get(s.url("/go"), "authorization", "Bearer t", "cookie", "c=1", "x-keep", "yes"), "task-x");

    assertThat(text(ok(r).get("body"))).isEqualTo("other");
    RecordingServer.Request landed = other.requests().get(0);
    assertThat(landed.header("authorization")).isNull();
    assertThat(landed.header("cookie")).isNull();
    assertThat(landed.header("x-keep")).isEqualTo("yes");
    assertThat(landed.header("idempotency-key")).isEqualTo("task-x");
  }

  @Test
  void aRedirectToADeniedDestinationIsNotFollowed() throws Exception {
    RecordingServer elsewhere = server((req, ex, n) -> reply(ex, 200, "should not see this"));
    RecordingServer s = server((req, ex, n) -> reply(ex, 302, "", "Location", elsewhere.url("/steal")));
    Result r = effect(s).run(get(s.url("/start")), "k");

    Outcome.Error e = error(r, "DestinationDenied");
    assertThat(e.message()).contains("redirect from " + s.url("/start") + " to " + elsewhere.url("/steal"))
        .contains(elsewhere.hostPort() + " is not in effects.http.allow");
    assertThat(elsewhere.requests()).isEmpty();
    assertThat(r.sent()).isTrue();
    assertThat(r.attempts()).isEqualTo(1);
  }

  @Test
  void tooManyRedirects() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 302, "", "Location", "/loop"));
    Result r = effect(s).run(get(s.url("/loop")), "k");

    assertThat(error(r, "TooManyRedirects").message()).contains("at most 3");
    assertThat(s.requests()).hasSize(4);
  }

  @Test
  void loopbackIsDeniedUnlessPrivateRangesAreAllowedAndNothingIsSent() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 200, "hi"));
    Result r = effect(s.hostPort(), false).run(get(s.url("/x")), "k");

    Outcome.Error e = error(r, "DestinationDenied");
    assertThat(e.message()).isEqualTo(s.hostPort() + " is in 127.0.0.0/8 (loopback, RFC 1122); "
        + "set effects.http.allow.private=true to allow special-purpose addresses");
    assertThat(r.sent()).isFalse();
    assertThat(r.attempts()).isZero();
    assertThat(s.requests()).isEmpty();
  }

  @Test
  void theDefaultsAllowNothing() {
    try (HttpEffect effect = new HttpEffect(Settings.DEFAULTS)) {
      Result r = effect.run(get("https://example.org/"), "k");
      assertThat(error(r, "DestinationDenied").message()).startsWith("example.org:443 is not in effects.http.allow");
      assertThat(r.sent()).isFalse();
    }
  }

  @Test
  void aHeaderTheClientManagesIsInvalidArgsAndNothingIsSent() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 200, "hi"));
    Result r = effect(s).run(get(s.url("/x"), "host", "evil.example"), "k");

    assertThat(error(r, "InvalidArgs").message()).contains("'host'");
    assertThat(r.sent()).isFalse();
    assertThat(s.requests()).isEmpty();
  }

  @Test
  void aShortRetryAfterIsHonouredAndALongOneStopsRetries() throws Exception {
    RecordingServer s = server((req, ex, n) -> {
      if (req.path().equals("/later")) {
        reply(ex, 503, "", "Retry-After", "3600");
      } else {
        reply(ex, n == 0 ? 503 : 200, "", "Retry-After", "0");
      }
    });
    HttpEffect effect = effect(s);

    Result soon = effect.run(get(s.url("/soon")), "k");
    assertThat(ok(soon).get("status")).isEqualTo(Ipld.integer(200));
    assertThat(soon.attempts()).isEqualTo(2);

    Result later = effect.run(get(s.url("/later")), "k2");
    assertThat(error(later, "HttpStatus").message()).contains("answered 503").contains("Retry-After 3600 s");
    assertThat(later.attempts()).isEqualTo(1);
  }

  @Test
  void oneEffectServesManyThreads() throws Exception {
    RecordingServer s = server((req, ex, n) -> reply(ex, 200, req.header("idempotency-key")));
    HttpEffect effect = effect(s);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String key = "task-" + i;
        results.add(pool.submit(() -> effect.run(get(s.url("/" + key)), key)));
      }
      for (int i = 0; i < 16; i++) {
        assertThat(text(ok(results.get(i).get()).get("body"))).isEqualTo("task-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.requests()).hasSize(16);
  }
}
