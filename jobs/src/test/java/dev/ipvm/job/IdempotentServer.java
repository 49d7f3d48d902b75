package dev.ipvm.job;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server for effect tests, behaving as an idempotent API does: it records every
 * request with its {@code Idempotency-Key}, applies a request once per key (answering 201 with
 * the application number) and answers a repeated key with the stored response, unapplied.
 * {@code /hold} requests block after being applied until {@link #release()} (or 60 s): the
 * window where a test kills the job between an effect and its checkpoint.
 */
final class IdempotentServer implements AutoCloseable {
  record Request(String method, String path, String key, String body) {}

  final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
  private final Map<String, String> responses = new ConcurrentHashMap<>();
  private final AtomicInteger applications = new AtomicInteger();
  final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  IdempotentServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void handle(HttpExchange x) throws IOException {
    String key = x.getRequestHeaders().getFirst("Idempotency-Key");
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = x.getRequestURI().getPath();
    requests.add(new Request(x.getRequestMethod(), path, key, body));
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
    String response = "{\"applied\":" + applications.incrementAndGet() + ",\"path\":\"" + path + "\"}";
    responses.put(key, response);
    if (path.equals("/hold")) {
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
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    try {
      x.sendResponseHeaders(status, b.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(b);
      }
    } catch (IOException e) {
      // the client went away (a killed TaskManager): the effect was applied all the same
    }
  }

  void release() {
    release.countDown();
  }

  List<Request> requestsWithKey(String key) {
    return requests.stream().filter(r -> key.equals(r.key())).toList();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
