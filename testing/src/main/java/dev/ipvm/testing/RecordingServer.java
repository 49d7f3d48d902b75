package dev.ipvm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that records every request before a test's handler answers it
 * (the effect tests of functions; the job's {@link IdempotentServer} is one such handler).
 */
public final class RecordingServer implements AutoCloseable {

  /** One request as the server saw it; header names lower-cased, repeated values joined. */
  public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Answers request number {@code n} (0 for the first this server saw). */
  public interface Handler {
    void handle(Request req, HttpExchange ex, int n) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-http");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new ArrayList<>();

  private RecordingServer(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", ex -> {
      try {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        String path = ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Request req = new Request(ex.getRequestMethod(), path, headers, ex.getRequestBody().readAllBytes());
        int n;
        synchronized (requests) {
          n = requests.size();
          requests.add(req);
        }
        handler.handle(req, ex, n);
      } catch (Exception e) {
        // the client went away (cancelled, timed out, a killed TaskManager) or the handler hung up on purpose
      } finally {
        ex.close(); // before any reply, this drops the connection: a reset as the client sees it
      }
    });
    server.start();
  }

  public static RecordingServer start(Handler handler) throws IOException {
    return new RecordingServer(handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:port}, for allow lists. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  public String url(String path) {
    return "http://" + hostPort() + path;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public static void reply(HttpExchange ex, int status, String body, String... headerPairs) throws IOException {
    reply(ex, status, body.getBytes(StandardCharsets.UTF_8), headerPairs);
  }

  public static void reply(HttpExchange ex, int status, byte[] body, String... headerPairs) throws IOException {
    for (int i = 0; i < headerPairs.length; i += 2) {
      ex.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow(); // interrupts handlers still sleeping for slow-server tests
  }
}
