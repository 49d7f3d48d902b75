import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small idempotent API on this machine, to try IPVM's HTTP effects against (docs/cli.md,
 * "Effects from the CLI"): {@code java examples/OrdersServer.java [PORT]} (default 8089; Java 11+
 * runs a source file as it is). POST /orders places an order once per Idempotency-Key (201,
 * {"order": N}; the same key gets the same answer, not a second order); GET answers 200 with a
 * short text; anything else 405. It prints "listening on http://127.0.0.1:PORT" once it listens.
 */
public class OrdersServer {
  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    AtomicInteger orders = new AtomicInteger();
    Map<String, String> placed = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", exchange -> {
      String method = exchange.getRequestMethod();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      System.out.println(method + " " + exchange.getRequestURI() + " key=" + key + " " + body);
      if (method.equals("POST") && exchange.getRequestURI().getPath().equals("/orders")) {
        String answer = key == null ? "{\"order\":" + orders.incrementAndGet() + "}"
            : placed.computeIfAbsent(key, k -> "{\"order\":" + orders.incrementAndGet() + "}");
        send(exchange, 201, "application/json", answer);
      } else if (method.equals("GET")) {
        send(exchange, 200, "text/plain", "hello from OrdersServer\n");
      } else {
        send(exchange, 405, "text/plain", "method not allowed\n");
      }
    });
    server.start();
    System.out.println("listening on http://127.0.0.1:" + port);
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
