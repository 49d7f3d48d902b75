package dev.ipvm.task;

import dev.ipvm.ipld.Ipld;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code /http/get}, {@code /http/post}, {@code /http/put} and {@code /http/delete} commands:
 * the typed form of their args (schemas/ipld/effects.ipldsch).
 *
 * @param method GET, POST, PUT or DELETE
 * @param url an absolute http or https URL
 * @param headers request headers, names lower-cased
 * @param body the request body (empty for none)
 */
public record HttpRequest(String method, URI url, Map<String, String> headers, byte[] body) {

  /** Set by the executor to the Task ID; a request may not set it itself. */
  public static final String IDEMPOTENCY_KEY = "idempotency-key";

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public static HttpRequest fromArgs(Command cmd, Ipld.Map args) {
    if (!cmd.http()) {
      throw new IllegalArgumentException(cmd.path() + " is not an HTTP command");
    }
    for (String key : args.entries().keySet()) {
      if (!key.equals("url") && !key.equals("headers") && !key.equals("body")) {
        throw new IllegalArgumentException("args has an unknown field '" + key + "' (expected url, headers, body)");
      }
    }
    String method = cmd.path().substring("/http/".length()).toUpperCase(Locale.ROOT);
    if (!(args.get("url") instanceof Ipld.Text u)) {
      throw new IllegalArgumentException(args.get("url") == null ? "args.url is required"
          : "args.url must be a string, got a " + kind(args.get("url")));
    }
    URI url = parseUrl(u.value());
    Map<String, String> headers = new TreeMap<>();
    Args.stringMap(args, "headers").forEach((name, value) -> {
      if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new IllegalArgumentException("args.headers has an invalid header name '" + name + "'");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals(IDEMPOTENCY_KEY)) {
        throw new IllegalArgumentException("args.headers may not set Idempotency-Key: the executor sends the Task ID");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("args.headers." + name + " may not contain a line break");
      }
      headers.put(lower, value);
    });
    Ipld b = args.get("body");
    byte[] body;
    if (b == null) {
      body = new byte[0];
    } else if (b instanceof Ipld.Bytes bytes) {
      body = bytes.toByteArray();
    } else if (b instanceof Ipld.Text t) {
      body = t.value().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new IllegalArgumentException("args.body must be bytes or a string, got a " + kind(b));
    }
    if (method.equals("GET") && b != null) {
      throw new IllegalArgumentException("a GET request has no body: use /http/post or /http/put");
    }
    return new HttpRequest(method, url, headers, body);
  }

  /** The args map for this request (for clients building invocations). */
  public Ipld.Map toArgs() {
    Ipld.Map.Builder h = Ipld.Map.builder();
    headers.forEach(h::put);
    Ipld.Map.Builder b = Ipld.Map.builder().put("url", url.toString());
    if (!headers.isEmpty()) {
      b.put("headers", h.build());
    }
    if (!method.equals("GET") && body.length > 0) {
      b.put("body", Ipld.Bytes.of(body));
    }
    return b.build();
  }

  /** An absolute http(s) URL with a host and no user info. */
  public static URI parseUrl(String s) {
    URI url;
    try {
      url = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("args.url is not a URL: " + e.getMessage());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("args.url must be an http or https URL, got '" + s + "'");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("args.url has no host: '" + s + "'");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("args.url may not carry user info (send credentials in a header)");
    }
    return url;
  }

  private static String kind(Ipld v) {
    return Args.kind(v);
  }
}
