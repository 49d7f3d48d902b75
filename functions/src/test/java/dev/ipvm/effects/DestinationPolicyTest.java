package dev.ipvm.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** No network: patterns are checked without DNS, addresses from literals, names by a fake resolver. */
class DestinationPolicyTest {

  private static boolean allows(String allowList, String url) {
    return DestinationPolicy.parse(allowList, true).allowListDenial(URI.create(url)).isEmpty();
  }

  @Test
  void aPlainHostMatchesAnyPortButNotSubdomains() {
    assertThat(allows("example.com", "http://example.com/")).isTrue();
    assertThat(allows("example.com", "https://EXAMPLE.com:8443/x")).isTrue();
    assertThat(allows("Example.COM", "http://example.com./")).isTrue();
    assertThat(allows("example.com", "http://sub.example.com/")).isFalse();
    assertThat(allows("example.com", "http://example.org/")).isFalse();
  }

  @Test
  void aHostWithPortUsesTheSchemesDefaultPort() {
    assertThat(allows("example.com:443", "https://example.com/")).isTrue();
    assertThat(allows("example.com:443", "http://example.com/")).isFalse();
    assertThat(allows("example.com:443", "http://example.com:443/")).isTrue();
    assertThat(allows("example.com:80", "http://example.com/")).isTrue();
  }

  @Test
  void aWildcardDomainMatchesSubdomainsOnly() {
    assertThat(allows("*.example.com", "https://api.example.com/")).isTrue();
    assertThat(allows("*.example.com", "https://a.b.example.com/")).isTrue();
    assertThat(allows("*.example.com", "https://example.com/")).isFalse();
    assertThat(allows("*.example.com", "https://badexample.com/")).isFalse();
    assertThat(allows("*.example.com:443", "https://api.example.com/")).isTrue();
    assertThat(allows("*.example.com:443", "http://api.example.com/")).isFalse();
  }

  @Test
  void aStarMatchesAnyHost() {
    assertThat(allows("*", "http://anything.test:1234/")).isTrue();
    assertThat(allows("*:8080", "http://anything.test:8080/")).isTrue();
    assertThat(allows("*:8080", "http://anything.test/")).isFalse();
  }

  @Test
  void ipLiteralsMatchInAnySpelling() {
    assertThat(allows("127.0.0.1:8080", "http://127.0.0.1:8080/")).isTrue();
    assertThat(allows("127.0.0.1:8080", "http://127.0.0.1:8081/")).isFalse();
    assertThat(allows("[::1]:8080", "http://[::1]:8080/")).isTrue();
    assertThat(allows("[::1]:8080", "http://[0:0:0:0:0:0:0:1]:8080/")).isTrue();
    assertThat(allows("[::1]:8080", "http://[::2]:8080/")).isFalse();
    assertThat(allows("::1", "http://[::1]:9/")).isTrue();
    assertThat(allows(" a.test , 127.0.0.1:8080 ,, ", "http://127.0.0.1:8080/")).isTrue();
  }

  @Test
  void blankAllowsNothingAndSaysSo() {
    DestinationPolicy p = DestinationPolicy.parse("  ", true);
    assertThat(p.allowListDenial(URI.create("https://example.org/"))).contains(
        "example.org:443 is not in effects.http.allow (which is empty: no destination is allowed)");
    assertThat(DestinationPolicy.parse("a.test", true).allowListDenial(URI.create("https://example.org/")))
        .contains("example.org:443 is not in effects.http.allow");
    assertThat(DestinationPolicy.NONE.denial(URI.create("http://127.0.0.1/"))).isPresent();
  }

  @Test
  void onlyHttpAndHttpsWithAHost() {
    assertThat(DestinationPolicy.parse("*", true).allowListDenial(URI.create("ftp://example.org/")))
        .contains("ftp://example.org/ is not an http or https URL");
    assertThat(DestinationPolicy.parse("*", true).allowListDenial(URI.create("file:///etc/passwd"))).isPresent();
  }

  @Test
  void malformedPatternsAreRejectedByName() {
    for (String bad : List.of("[::1", "[::1]x", "host:0", "host:70000", "host:abc", "a*b.test", "*.[::1]", "bad host", "zz::1")) {
      assertThatThrownBy(() -> DestinationPolicy.parse("ok.test," + bad, false), bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("effects.http.allow pattern '" + bad + "'");
    }
  }

  @Test
  void literalDenialsNameTheAddressAndTheSwitch() {
    DestinationPolicy p = DestinationPolicy.parse("*", false);
    assertThat(p.denial(URI.create("http://127.0.0.1:8080/x"))).contains("127.0.0.1:8080 is in 127.0.0.0/8 "
        + "(loopback, RFC 1122); set effects.http.allow.private=true to allow special-purpose addresses");
    assertThat(p.denial(URI.create("http://198.18.1.1/"))).hasValueSatisfying(r -> assertThat(r)
        .startsWith("198.18.1.1:80 is in 198.18.0.0/15 (benchmarking, RFC 2544);"));
    assertThat(p.denial(URI.create("http://[::ffff:10.0.0.1]/"))).hasValueSatisfying(r -> assertThat(r).contains("private-use"));
    assertThat(p.denial(URI.create("http://[fd00::1]:81/"))).hasValueSatisfying(r -> assertThat(r)
        .startsWith("[fd00::1]:81 is in fc00::/7 (unique-local, RFC 4193);"));
    assertThat(p.denial(URI.create("http://8.8.8.8/"))).isEmpty();
    assertThat(DestinationPolicy.parse("*", true).denial(URI.create("http://127.0.0.1:8080/"))).isEmpty();
  }

  @Test
  void namesAreDeniedWhenAnyAddressTheyResolveToIsPrivate() throws Exception {
    Map<String, List<String>> dns = Map.of(
        "public.test", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
        "internal.test", List.of("10.0.0.5"),
        "mixed.test", List.of("93.184.215.14", "192.168.0.7"));
    AtomicInteger lookups = new AtomicInteger();
    DestinationPolicy.Resolver fake = host -> {
      lookups.incrementAndGet();
      List<String> as = dns.get(host);
      if (as == null) {
        throw new UnknownHostException(host + ": no such host");
      }
      InetAddress[] out = new InetAddress[as.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = InetAddress.getByName(as.get(i));
      }
      return out;
    };
    DestinationPolicy p = DestinationPolicy.parse("*.test", false).withResolver(fake);

    assertThat(p.denial(URI.create("https://public.test/"))).isEmpty();
    assertThat(p.denial(URI.create("https://internal.test/"))).contains("internal.test:443 resolves to 10.0.0.5, "
        + "which is in 10.0.0.0/8 (private-use, RFC 1918); set effects.http.allow.private=true to allow "
        + "special-purpose addresses");
    assertThat(p.denial(URI.create("https://mixed.test/"))).hasValueSatisfying(r -> assertThat(r).contains("192.168.0.7"));
    assertThat(p.denial(URI.create("https://gone.test/"))).hasValueSatisfying(r -> assertThat(r).startsWith("cannot resolve gone.test:443"));
    assertThat(DestinationPolicy.parse("*.test", true).withResolver(fake).denial(URI.create("https://internal.test/"))).isEmpty();

    int before = lookups.get();
    assertThat(p.denial(URI.create("https://elsewhere.example/"))).isPresent();
    assertThat(lookups.get()).as("no lookup for a host that is not allow-listed").isEqualTo(before);
  }
}
