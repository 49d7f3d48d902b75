package dev.ipvm.effects;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an HTTP effect may go: an allow list of {@code host[:port]} patterns ({@code
 * effects.http.allow}) and, unless {@code effects.http.allow.private} is set, no address in a
 * special-purpose block ({@link SpecialPurposeBlocks}: loopback, private, link-local,
 * documentation, multicast, ...), so a task cannot reach the cluster's own services (SSRF).
 * Listing an address in the allow list does not lift that: only the switch does. Immutable and
 * thread-safe.
 *
 * <p>The addresses are checked as resolved here; the HTTP client resolves the name again when it
 * connects, so a DNS server that answers differently the second time (rebinding) is not stopped
 * by this check alone. Allow-list names whose DNS you trust; an egress firewall closes the gap.
 */
public final class DestinationPolicy {
  static final String ALLOW = "effects.http.allow";
  static final String ALLOW_PRIVATE = "effects.http.allow.private";

  /** Resolves a host name (or IP literal) to its addresses; replaced in tests to avoid DNS. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Allows nothing: the default until an operator lists destinations. */
  public static final DestinationPolicy NONE = parse("", false);

  private final List<Pattern> patterns;
  private final boolean allowPrivate;
  private final Resolver resolver;

  private DestinationPolicy(List<Pattern> patterns, boolean allowPrivate, Resolver resolver) {
    this.patterns = List.copyOf(patterns);
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /**
   * @param allowList comma-separated patterns: {@code host}, {@code host:port}, {@code
   *     *.example.com} (any subdomain, not example.com itself), {@code *} (any host), {@code
   *     *:8080}, IP literals such as {@code 127.0.0.1:8080} or {@code [::1]:8080}; a port of
   *     {@code *} or none means any port. Blank allows nothing.
   * @param allowPrivate whether addresses in special-purpose blocks (loopback, private, ...) may
   *     be reached
   * @throws IllegalArgumentException naming a malformed pattern
   */
  public static DestinationPolicy parse(String allowList, boolean allowPrivate) {
    List<Pattern> patterns = new ArrayList<>();
    if (allowList != null) {
      for (String raw : allowList.split(",")) {
        String s = raw.trim();
        if (!s.isEmpty()) {
          patterns.add(Pattern.parse(s));
        }
      }
    }
    return new DestinationPolicy(patterns, allowPrivate, InetAddress::getAllByName);
  }

  /** The same policy resolving names with {@code r} (tests). */
  DestinationPolicy withResolver(Resolver r) {
    return new DestinationPolicy(patterns, allowPrivate, Objects.requireNonNull(r));
  }

  public boolean allowPrivate() {
    return allowPrivate;
  }

  /**
   * Why {@code url} may not be requested, or empty when it may. Resolves the host (blocking).
   */
  public Optional<String> denial(URI url) {
    Optional<String> listed = allowListDenial(url);
    if (listed.isPresent()) {
      return listed;
    }
    String host = bareHost(url);
    String label = label(url);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      return Optional.of("cannot resolve " + label + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
    if (addresses.length == 0) {
      return Optional.of("cannot resolve " + label + " (no addresses)");
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    for (InetAddress a : addresses) {
      Optional<String> block = SpecialPurposeBlocks.denial(a);
      if (block.isPresent()) {
        String what = isIpLiteral(host) ? label + " is " + block.get()
            : label + " resolves to " + a.getHostAddress() + ", which is " + block.get();
        return Optional.of(what + "; set " + ALLOW_PRIVATE + "=true to allow special-purpose addresses");
      }
    }
    return Optional.empty();
  }

  /** The scheme and allow-list half of {@link #denial}: no DNS. */
  Optional<String> allowListDenial(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(url + " is not an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      return Optional.of(url + " has no host");
    }
    String host;
    try {
      host = canonicalHost(bareHost(url));
    } catch (UnknownHostException e) {
      return Optional.of(label(url) + " has a malformed IP address");
    }
    int port = port(url);
    for (Pattern p : patterns) {
      if (p.matches(host, port)) {
        return Optional.empty();
      }
    }
    return Optional.of(label(url) + " is not in " + ALLOW
        + (patterns.isEmpty() ? " (which is empty: no destination is allowed)" : ""));
  }

  /** The port a URL connects to: its own, else 80 for http and 443 for https. */
  static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  /** The host without IPv6 brackets. */
  private static String bareHost(URI url) {
    String h = url.getHost();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** {@code host:port} as the URL names it, for messages. */
  private static String label(URI url) {
    return url.getHost() + ":" + port(url);
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /** Lower case, no trailing dot; IPv6 literals in one canonical form so "::1" matches "0:0::1". */
  static String canonicalHost(String host) throws UnknownHostException {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.indexOf(':') >= 0) {
      // checked first so InetAddress parses it as a literal and never looks it up
      if (!h.matches("[0-9a-f:.]+(%[a-z0-9_.-]+)?")) {
        throw new UnknownHostException(h + " is not an IPv6 address");
      }
      return InetAddress.getByName(h).getHostAddress();
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  @Override
  public String toString() {
    return ALLOW + "=" + String.join(",", patterns.stream().map(Pattern::text).toList())
        + " " + ALLOW_PRIVATE + "=" + allowPrivate;
  }

  /** One entry: host null = any host, "*.x" = any subdomain of x; port -1 = any port. */
  private record Pattern(String host, int port, String text) {
    boolean matches(String h, int p) {
      if (port != -1 && port != p) {
        return false;
      }
      if (host == null) {
        return true;
      }
      return host.startsWith("*.") ? h.endsWith(host.substring(1)) : host.equals(h);
    }

    static Pattern parse(String s) {
      String host;
      String port = null;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0) {
          throw bad(s, "has '[' without ']'");
        }
        host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw bad(s, "expected ':port' after ']'");
          }
          port = rest.substring(1);
        }
      } else {
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
          host = s; // a bare IPv6 literal, any port
        } else if (colon >= 0) {
          host = s.substring(0, colon);
          port = s.substring(colon + 1);
        } else {
          host = s;
        }
      }
      return new Pattern(parseHost(host, s), parsePort(port, s), s);
    }

    private static String parseHost(String host, String s) {
      if (host.equals("*")) {
        return null;
      }
      String h = host.toLowerCase(Locale.ROOT);
      String name = h.startsWith("*.") ? h.substring(2) : h;
      if (name.indexOf(':') >= 0) {
        if (h.startsWith("*.")) {
          throw bad(s, "cannot put a wildcard on an IP address");
        }
        try {
          return canonicalHost(name);
        } catch (UnknownHostException e) {
          throw bad(s, "is not a valid IPv6 address");
        }
      }
      if (!name.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?")) {
        throw bad(s, "is not a host name, IP address, '*' or '*.domain'");
      }
      try {
        return (h.startsWith("*.") ? "*." : "") + canonicalHost(name);
      } catch (UnknownHostException e) {
        throw new AssertionError(e); // unreachable: no ':' so never parsed as an address
      }
    }

    private static int parsePort(String port, String s) {
      if (port == null || port.equals("*")) {
        return -1;
      }
      try {
        int p = Integer.parseInt(port);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw bad(s, "has an invalid port '" + port + "' (expected 1-65535 or *)");
    }

    private static IllegalArgumentException bad(String s, String why) {
      return new IllegalArgumentException(ALLOW + " pattern '" + s + "' " + why);
    }
  }
}
