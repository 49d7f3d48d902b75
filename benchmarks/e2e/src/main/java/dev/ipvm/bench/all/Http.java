package dev.ipvm.bench.all;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local HTTP server answering every request at once with a small JSON body: the HTTP effects' target. */
final class Http implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  private Http(HttpServer server) {
    this.server = server;
  }

  static Http start() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Http http = new Http(s);
    s.setExecutor(http.pool);
    s.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    s.start();
    return http;
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String url() {
    return "http://" + hostPort() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
