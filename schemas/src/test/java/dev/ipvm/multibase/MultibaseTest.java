package dev.ipvm.multibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultibaseTest {
  /** RFC 4648 section 10 base32 vectors (lower case, no padding) and base58btc vectors. */
  @ParameterizedTest
  @CsvSource({
      "'', b, z",
      "f, bmy, z2m",
      "fo, bmzxq, z8o8",
      "foo, bmzxw6, zbQbp",
      "foob, bmzxw6yq, z3csAg9",
      "fooba, bmzxw6ytb, zCZJRhmz",
      "foobar, bmzxw6ytboi, zt1Zv2yaZ",
  })
  void knownAnswers(String input, String base32, String base58) {
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    assertThat(Multibase.encode(Multibase.Encoding.BASE32, bytes)).isEqualTo(base32);
    assertThat(Multibase.encode(Multibase.Encoding.BASE58BTC, bytes)).isEqualTo(base58);
    assertThat(Multibase.decode(base32)).isEqualTo(bytes);
    assertThat(Multibase.decode(base58)).isEqualTo(bytes);
  }

  @Property(tries = 500)
  void roundTrips(@ForAll byte[] data) {
    for (Multibase.Encoding e : Multibase.Encoding.values()) {
      assertThat(Multibase.decode(Multibase.encode(e, data))).isEqualTo(data);
    }
  }

  @Property(tries = 200)
  void leadingZerosSurviveBase58(@ForAll byte[] tail) {
    byte[] data = new byte[tail.length + 3];
    System.arraycopy(tail, 0, data, 3, tail.length);
    assertThat(Multibase.decodeBase58btc(Multibase.encodeBase58btcRaw(data))).isEqualTo(data);
  }
}
