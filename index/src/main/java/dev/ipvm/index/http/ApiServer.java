package dev.ipvm.index.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.ingest.IngestStatus;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.Family;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.DidKey;
import dev.ipvm.unixfs.UnixFs;
import dev.ipvm.unixfs.UnixFsException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API: {@code /receipts/{cid}}, {@code /invocations/{cid}}, {@code /tasks/{taskId}},
 * {@code /outputs/{cid}}, {@code /issuers/{did}}, {@code /awaiting/{taskId}} (lists are paged by {@code ?after=&limit=}),
 * {@code /blocks/{cid}} (a block or UnixFS file kept from the blocks topic),
 * {@code /health} and {@code /metrics}; {@code /} is the explorer page.
 */
public final class ApiServer implements AutoCloseable {
  static {
    // Without it the JDK server's response waits on the client's delayed ACK: ~40 ms per lookup
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Receipts per page unless {@code limit} says otherwise, and the most it may say. */
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private final IndexStore store;
  private final IngestStatus status;
  private final Views views;
  private final HttpServer server;
  private final ExecutorService executor;

  public ApiServer(IndexStore store, IngestStatus status, InetSocketAddress address) throws IOException {
    this.store = store;
    this.status = status;
    this.views = new Views(store::invoker);
    this.server = HttpServer.create(address, 64);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "ipvm-index-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public ApiServer start() {
    server.start();
    return this;
  }

  /** The port it listens on (the one given, or the one picked for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          throw ApiError.METHOD_NOT_ALLOWED.with(method + " " + exchange.getRequestURI().getPath() + ": only GET is served");
        }
        route(exchange);
      } catch (ApiError.Failure f) {
        send(exchange, f.error().status(), "application/json", Views.error(f.error(), f.getMessage()));
      } catch (RuntimeException e) {
        send(exchange, 500, "application/json", Views.error(ApiError.INTERNAL, String.valueOf(e.getMessage())));
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.substring(1).split("/", 2);
    String what = parts[0];
    String key = parts.length > 1 ? parts[1] : "";
    Representation rep = Representation.of(exchange.getRequestHeaders().getFirst("Accept"));
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    switch (what) {
      case "", "explorer" -> send(exchange, 200, "text/html; charset=utf-8", explorer());
      case "health" -> health(exchange);
      case "metrics" -> send(exchange, 200, MetricsText.CONTENT_TYPE,
          MetricsText.of(store, status).getBytes(StandardCharsets.UTF_8));
      case "receipts" -> {
        Cid cid = cid(key, "receipt");
        byte[] envelope = store.receipt(cid)
            .orElseThrow(() -> ApiError.NOT_FOUND.with("no receipt " + cid + " in the index"));
        send(exchange, 200, rep.mediaType(), views.one(new Views.Stored(cid, envelope), rep));
      }
      case "invocations" -> invocation(exchange, cid(key, "invocation"), query, rep);
      case "awaiting" -> awaiting(exchange, cid(key, "Task ID"), query, rep);
      case "blocks" -> send(exchange, 200, "application/octet-stream", block(cid(key, "block")));
      case "tasks" -> list(exchange, Family.BY_TASK, cid(key, "Task ID").toBytes(),
          "no receipt for Task ID " + key, query, rep);
      case "outputs" -> list(exchange, Family.BY_OUTPUT, cid(key, "output").toBytes(),
          "no receipt produced " + key, query, rep);
      case "issuers" -> {
        if (!DidKey.isValid(key)) {
          throw ApiError.INVALID_DID.with("'" + key + "' is not an Ed25519 did:key (did:key:z6Mk...)");
        }
        list(exchange, Family.BY_ISSUER, key.getBytes(StandardCharsets.UTF_8),
            "no receipt for invocations issued by " + key, query, rep);
      }
      default -> throw ApiError.NO_SUCH_ROUTE.with("no route " + path
          + " (routes: /receipts/CID, /invocations/CID, /tasks/CID, /outputs/CID, /issuers/DID, /awaiting/CID, /blocks/CID, /health, /metrics, / the explorer)");
    }
  }

  private void list(HttpExchange exchange, Family family, byte[] key, String notFound, Map<String, String> query,
      Representation rep) throws IOException {
    IndexStore.Page page = page(family, key, query);
    if (page.receipts().isEmpty() && !query.containsKey("after")) {
      throw ApiError.NOT_FOUND.with(notFound + " in the index");
    }
    send(exchange, 200, rep.mediaType(), views.list(stored(page, store::receipt), page.next(), rep));
  }

  /** The invocation's receipts, and the invocation when it was read; 404 when neither is known. */
  private void invocation(HttpExchange exchange, Cid cid, Map<String, String> query, Representation rep)
      throws IOException {
    IndexStore.Page page = page(Family.BY_INVOCATION, cid.toBytes(), query);
    Views.Stored invocation = store.invocation(cid).map(bytes -> new Views.Stored(cid, bytes)).orElse(null);
    if (page.receipts().isEmpty() && invocation == null && !query.containsKey("after")) {
      throw ApiError.NOT_FOUND.with("no receipt for invocation " + cid + " in the index");
    }
    send(exchange, 200, rep.mediaType(), views.list(stored(page, store::receipt), page.next(), rep, invocation));
  }

  /**
   * A block kept from the blocks topic: a raw block's bytes, or the file a UnixFS (dag-pb) root
   * stands for, reassembled from the blocks kept; 404 when any of them is not.
   */
  private byte[] block(Cid cid) {
    byte[] block = store.block(cid).orElseThrow(() -> ApiError.NOT_FOUND.with("no block " + cid + " in the index"));
    if (cid.codec() != Multicodec.DAG_PB) {
      return block;
    }
    try {
      return UnixFs.reassemble(cid, c -> store.block(c).orElse(null));
    } catch (UnixFsException e) {
      throw ApiError.NOT_FOUND.with("the file " + cid + " cannot be read from the blocks in the index: " + e.getMessage());
    }
  }

  /** The invocations whose args await {@code task}: an empty list when none (it is not an error). */
  private void awaiting(HttpExchange exchange, Cid task, Map<String, String> query, Representation rep) throws IOException {
    IndexStore.Page page = page(Family.BY_AWAIT, task.toBytes(), query);
    send(exchange, 200, rep.mediaType(), views.invocations(stored(page, store::invocation), page.next(), rep));
  }

  private IndexStore.Page page(Family family, byte[] key, Map<String, String> query) {
    Long after = number(query.get("after"), "after", 0, Long.MAX_VALUE);
    Long limit = number(query.get("limit"), "limit", 1, MAX_LIMIT);
    return store.receipts(family, key, after, limit == null ? DEFAULT_LIMIT : limit.intValue());
  }

  private static List<Views.Stored> stored(IndexStore.Page page, java.util.function.Function<Cid, java.util.Optional<byte[]>> read) {
    List<Views.Stored> stored = new ArrayList<>();
    for (Cid cid : page.receipts()) {
      read.apply(cid).ifPresent(bytes -> stored.add(new Views.Stored(cid, bytes)));
    }
    return stored;
  }

  private void health(HttpExchange exchange) throws IOException {
    Throwable failure = status.failure();
    Ipld.Map.Builder lag = Ipld.Map.builder();
    status.lag().forEach(lag::put);
    Ipld.Map body = Ipld.Map.builder()
        .put("status", failure == null ? "ok" : "failed")
        .put("assigned", status.isAssigned() ? Ipld.TRUE : Ipld.FALSE)
        .put("indexed", store.counter(Counter.INDEXED))
        .put("invocations", store.counter(Counter.INVOCATIONS))
        .put("lag", lag.build())
        .put("unwritten", status.unwritten())
        .putIfPresent("verifier", status.verifier() == null ? null : Ipld.text(status.verifier()))
        .putIfPresent("error", failure == null ? null : Ipld.text(String.valueOf(failure.getMessage())))
        .build();
    send(exchange, failure == null ? 200 : ApiError.UNAVAILABLE.status(), "application/json", DagJson.encode(body));
  }

  /** The explorer page (plain HTML and JS, from the jar). */
  static byte[] explorer() {
    try (var in = ApiServer.class.getResourceAsStream("explorer.html")) {
      if (in == null) {
        throw ApiError.INTERNAL.with("explorer.html is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw ApiError.INTERNAL.with("cannot read explorer.html: " + e.getMessage());
    }
  }

  private static Cid cid(String text, String what) {
    if (text.isEmpty()) {
      throw ApiError.INVALID_CID.with("no " + what + " CID in the path");
    }
    try {
      return Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.INVALID_CID.with("'" + text + "' is not a CID: " + e.getMessage());
    }
  }

  private static Long number(String text, String name, long min, long max) {
    if (text == null) {
      return null;
    }
    try {
      long v = Long.parseLong(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw ApiError.INVALID_PAGING.with(name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
