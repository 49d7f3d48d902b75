package dev.ipvm.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectsAndBackoffTest {
  private static final Map<String, String> HEADERS =
      Map.of("authorization", "a", "cookie", "c", "content-type", "text/plain", "x-other", "o");

  private static Redirects.Hop post(String url) {
    return new Redirects.Hop("POST", URI.create(url), HEADERS, new byte[] {1, 2});
  }

  @Test
  void relativeLocationsResolveAgainstTheCurrentUrl() {
    assertThat(Redirects.follow(post("http://h.test/a/b"), 307, "c").url()).isEqualTo(URI.create("http://h.test/a/c"));
    assertThat(Redirects.follow(post("http://h.test/a/b"), 307, "/c?d=1").url()).isEqualTo(URI.create("http://h.test/c?d=1"));
    assertThat(Redirects.follow(post("http://h.test"), 307, "c").url()).isEqualTo(URI.create("http://h.test/c"));
    assertThat(Redirects.follow(post("https://h.test/a"), 307, "//k.test/z").url()).isEqualTo(URI.create("https://k.test/z"));
  }

  @Test
  void methodAndBodyByStatus() {
    Redirects.Hop seeOther = Redirects.follow(post("http://h.test/a"), 303, "/b");
    assertThat(seeOther.method()).isEqualTo("GET");
    assertThat(seeOther.body()).isEmpty();
    assertThat(seeOther.headers()).doesNotContainKey("content-type").containsKey("authorization");
    assertThat(Redirects.follow(post("http://h.test/a"), 301, "/b").method()).isEqualTo("GET");
    assertThat(Redirects.follow(post("http://h.test/a"), 302, "/b").method()).isEqualTo("GET");
    Redirects.Hop put = Redirects.follow(new Redirects.Hop("PUT", URI.create("http://h.test/"), HEADERS, new byte[] {1}), 302, "/b");
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.body()).containsExactly(1);
    Redirects.Hop permanent = Redirects.follow(post("http://h.test/a"), 308, "/b");
    assertThat(permanent.method()).isEqualTo("POST");
    assertThat(permanent.body()).containsExactly(1, 2);
    assertThat(permanent.headers()).containsEntry("content-type", "text/plain");
  }

  @Test
  void credentialsStayWithinTheOrigin() {
    assertThat(Redirects.follow(post("http://h.test/a"), 307, "http://H.test:80/b").headers()).containsKeys("authorization", "cookie");
    for (String other : new String[] {"http://k.test/b", "https://h.test/b", "http://h.test:8080/b"}) {
      assertThat(Redirects.follow(post("http://h.test/a"), 307, other).headers()).as(other)
          .doesNotContainKeys("authorization", "cookie").containsKey("x-other");
    }
  }

  @Test
  void badLocationsAreRejected() {
    assertThatThrownBy(() -> Redirects.follow(post("http://h.test/a"), 302, "http://bad host/"))
        .hasMessageContaining("is not a URL");
    assertThatThrownBy(() -> Redirects.follow(post("http://h.test/a"), 302, "http://u:p@k.test/"))
        .hasMessageContaining("user info");
  }

  @Test
  void backoffDoublesWithinItsCapAndJitters() {
    Duration base = Duration.ofMillis(100);
    Duration max = Duration.ofMillis(350);
    for (int i = 0; i < 50; i++) {
      assertThat(Backoff.delay(base, max, 0)).isBetween(Duration.ofMillis(50), base);
      assertThat(Backoff.delay(base, max, 1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(Backoff.delay(base, max, 10)).isBetween(Duration.ofMillis(175), max);
      assertThat(Backoff.delay(base, max, 1000)).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void retryAfterInSecondsOrAsADate() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(Backoff.retryAfter("2", now)).contains(Duration.ofSeconds(2));
    assertThat(Backoff.retryAfter("Wed, 01 Jan 2025 00:00:03 GMT", now)).contains(Duration.ofSeconds(3));
    assertThat(Backoff.retryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(Backoff.retryAfter("soon", now)).isEmpty();
  }
}
