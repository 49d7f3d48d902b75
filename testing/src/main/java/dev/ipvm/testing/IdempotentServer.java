package dev.ipvm.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server for effect tests, behaving as an idempotent API does: it records every
 * request with its {@code Idempotency-Key}, applies a request once per key (answering 201 with
 * the application number) and answers a repeated key with the stored response, unapplied.
 * {@code /hold} requests block after being applied until {@link #release()} (or 60 s): the
 * window where a test kills the job between an effect and its checkpoint.
 */
public final class IdempotentServer implements AutoCloseable {
  /** A request as this API reads it: its {@code Idempotency-Key} (or null) and its body as text. */
  public record Request(String method, String path, String key, String body) {}

  private final RecordingServer server;
  /** How many times each key was applied. */
  public final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
  /** Counted down when a {@code /hold} request has been applied. */
  public final CountDownLatch held = new CountDownLatch(1);
  private final Map<String, String> responses = new ConcurrentHashMap<>();
  private final AtomicInteger applications = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  public IdempotentServer() throws IOException {
    server = RecordingServer.start(this::handle);
  }

  public int port() {
    return server.port();
  }

  public String url(String path) {
    return server.url(path);
  }

  private void handle(RecordingServer.Request req, HttpExchange x, int n) throws IOException {
    String key = req.header("Idempotency-Key");
    if (key == null) {
      send(x, 400, "an Idempotency-Key is required");
      return;
    }
    String stored = responses.get(key);
    if (stored != null) {
      send(x, 201, stored); // a retry: the stored answer, nothing applied
      return;
    }
    applied.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    String response = "{\"applied\":" + applications.incrementAndGet() + ",\"path\":\"" + req.path() + "\"}";
    responses.put(key, response);
    if (req.path().equals("/hold")) {
      held.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    send(x, 201, response);
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    // an IOException here is the client gone away (a killed TaskManager): the effect was applied all the same
    RecordingServer.reply(x, status, body, "Content-Type", "application/json");
  }

  public void release() {
    release.countDown();
  }

  /** Every request this server saw, in order. */
  public List<Request> requests() {
    return server.requests().stream()
        .map(r -> new Request(r.method(), r.path(), r.header("Idempotency-Key"), r.bodyText())).toList();
  }

  public List<Request> requestsWithKey(String key) {
    return requests().stream().filter(r -> key.equals(r.key())).toList();
  }

  @Override
  public void close() {
    release();
    server.close();
  }
}
