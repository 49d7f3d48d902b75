package dev.ipvm.ucan.authority;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official UCAN 1.0.0 delegation fixtures (ucan-wg/spec {@code fixtures/1.0.0/delegation.json},
 * see {@code vectors/ucan/README.md}): each token decodes to the payload the fixture spells out,
 * has its CID and signature, and signing that payload with the fixture's key gives the same bytes.
 */
class DelegationFixturesTest {
  private static final JsonNode FIXTURES = load();
  private static final Base64.Decoder B64 = Base64.getDecoder();

  private static JsonNode load() {
    try (InputStream in = DelegationFixturesTest.class.getResourceAsStream("/vectors/ucan/delegation.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<JsonNode> valid() {
    return StreamSupport.stream(FIXTURES.get("valid").spliterator(), false);
  }

  /** The fixture's principals: base64pad(varint(0x1300) + 32-byte Ed25519 secret key). */
  static Map<String, Signer> principals() {
    Map<String, Signer> out = new TreeMap<>();
    FIXTURES.get("principals").fields().forEachRemaining(e -> {
      byte[] key = B64.decode(e.getValue().asText());
      assertThat(Arrays.copyOf(key, 2)).as("ed25519-priv multicodec").containsExactly(0x80, 0x26);
      Signer s = Signer.fromSeed(Arrays.copyOfRange(key, 2, key.length));
      out.put(s.did().toString(), s);
    });
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void tokenDecodesWithItsCidPayloadAndSignature(JsonNode c) {
    Signed<Delegation> d = Delegation.decode(B64.decode(c.get("token").asText()));
    JsonNode env = c.get("envelope");
    JsonNode payload = env.get("payload");
    assertThat(d.cid().toString()).isEqualTo(c.get("cid").asText());
    assertThat(d.envelope().tag()).isEqualTo("ucan/" + env.get("spec").asText() + "@" + env.get("version").asText());
    assertThat(d.envelope().signature()).isEqualTo(B64.decode(env.get("signature").asText()));
    assertThat(d.signatureProblem()).isEmpty();

    Delegation p = d.payload();
    assertThat(p.iss()).isEqualTo(payload.get("iss").asText());
    assertThat(p.aud()).isEqualTo(payload.get("aud").asText());
    assertThat(p.sub()).isEqualTo(payload.get("sub").isNull() ? null : payload.get("sub").asText());
    assertThat(p.cmd()).isEqualTo(payload.get("cmd").asText());
    assertThat(p.pol().size()).isEqualTo(payload.get("pol").size());
    assertThat(p.nonce()).isEqualTo(B64.decode(payload.get("nonce").asText()));
    assertThat(p.exp()).isEqualTo(payload.get("exp").isNull() ? null : payload.get("exp").asLong());
    assertThat(p.nbf()).isEqualTo(payload.has("nbf") ? payload.get("nbf").asLong() : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void signingThePayloadWithTheFixtureKeyGivesTheSameToken(JsonNode c) {
    byte[] token = B64.decode(c.get("token").asText());
    Signed<Delegation> d = Delegation.decode(token);
    Signer issuer = principals().get(d.payload().iss());
    assertThat(issuer).as("the issuer is one of the fixture's principals").isNotNull();
    // Ed25519 is deterministic: equal bytes mean our DAG-CBOR payload is the fixture's, byte for byte
    assertThat(Envelope.sign(issuer, d.envelope().tag(), d.payload().toIpld()).bytes()).isEqualTo(token);
  }

  @Test
  void fixtureHasItsOneValidCase() {
    assertThat(FIXTURES.get("version").asText()).isEqualTo("1.0.0");
    assertThat(valid()).hasSize(1);
    assertThat(principals()).hasSize(3);
  }
}
