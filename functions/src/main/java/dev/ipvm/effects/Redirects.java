package dev.ipvm.effects;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Following a redirect by hand, so every hop passes the destination policy first. */
final class Redirects {
  private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

  /** Credentials meant for one origin; not carried to another. */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

  /** Describe the body; meaningless once the body is dropped. */
  private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language");

  /** One request of a redirect chain. */
  record Hop(String method, URI url, Map<String, String> headers, byte[] body) {}

  private Redirects() {}

  static boolean isRedirect(int status) {
    return STATUSES.contains(status);
  }

  /**
   * The request that follows {@code from} answered {@code status} with {@code location}: 303
   * (and 301/302 after a POST, as browsers do) becomes a GET without a body; 307/308 repeat the
   * method and body. Credentials are dropped when the origin (scheme, host, port) changes.
   *
   * @throws IllegalArgumentException when {@code location} is not a URL
   */
  static Hop follow(Hop from, int status, String location) {
    URI target;
    try {
      URI base = from.url();
      if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
        base = base.resolve("/"); // URI.resolve joins "http://h" and "x" into "http://hx"
      }
      target = base.resolve(new URI(location.trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Location '" + location + "' is not a URL: " + e.getMessage());
    }
    if (target.getRawUserInfo() != null) {
      throw new IllegalArgumentException("Location '" + location + "' carries user info");
    }
    boolean toGet = status == 303 || ((status == 301 || status == 302) && from.method().equals("POST"));
    Map<String, String> headers = new TreeMap<>(from.headers());
    if (toGet) {
      headers.keySet().removeAll(BODY_HEADERS);
    }
    if (!sameOrigin(from.url(), target)) {
      headers.keySet().removeAll(CREDENTIALS);
    }
    return new Hop(toGet ? "GET" : from.method(), target, Map.copyOf(headers), toGet ? new byte[0] : from.body());
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme() == null ? "" : b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost() == null ? "" : b.getHost())
        && DestinationPolicy.port(a) == DestinationPolicy.port(b);
  }
}
