package dev.ipvm.ucan.authority;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official UCAN 1.0.0 invocation fixtures (ucan-wg/spec {@code fixtures/1.0.0/invocation.json},
 * see {@code vectors/ucan/README.md}): each valid case validates at its {@code time}, each invalid
 * case fails with the failure the fixtures name.
 */
class InvocationFixturesTest {
  /**
   * The fixtures do not name their executor; the invocations that carry an {@code aud} are all
   * addressed to this principal (the delegation fixtures' "carol"), so it validates them.
   */
  static final String EXECUTOR = "did:key:z6MkmJceVoQSHs45cReEXoLtWm1wosCG8RLxfKwhxoqzoTkC";
  private static final JsonNode FIXTURES = load();

  /** One fixture case, decoded: the invocation and its proofs by CID. */
  record Case(String name, Signed<Invocation> invocation, Map<Cid, Signed<Delegation>> proofs, long time,
      String error) {
    Verdict validate(Validator v) {
      return v.validate(invocation, cid -> Optional.ofNullable(proofs.get(cid)), time, cid -> false);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static JsonNode load() {
    try (InputStream in = InvocationFixturesTest.class.getResourceAsStream("/vectors/ucan/invocation.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(JsonNode dagJsonBytes) {
    return Base64.getDecoder().decode(dagJsonBytes.get("/").get("bytes").asText());
  }

  static Case decode(JsonNode c) {
    Map<Cid, Signed<Delegation>> proofs = new LinkedHashMap<>();
    for (JsonNode p : c.get("proofs")) {
      Signed<Delegation> d = Delegation.decode(bytes(p));
      proofs.put(d.cid(), d);
    }
    String error = c.has("error") ? c.get("error").get("name").asText() : null;
    return new Case(c.get("name").asText(), Invocation.decode(bytes(c.get("invocation"))), proofs,
        c.get("time").asLong(), error);
  }

  static Stream<Case> cases(String section) {
    return StreamSupport.stream(FIXTURES.get(section).spliterator(), false).map(InvocationFixturesTest::decode);
  }

  static Stream<Arguments> valid() {
    return cases("valid").map(Arguments::of);
  }

  static Stream<Arguments> invalid() {
    return cases("invalid").map(c -> Arguments.of(c, c.error()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFixtureValidatesAtItsTime(Case c) {
    Verdict v = c.validate(Validator.forExecutor(EXECUTOR));
    List<Cid> chain = v instanceof Verdict.Valid ok ? ok.chain().stream().map(Signed::cid).toList() : List.of();
    assertThat(v).as(v.toString()).isInstanceOf(Verdict.Valid.class);
    assertThat(chain).as("the chain, root first, is prf").isEqualTo(c.invocation().payload().prf());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalid")
  void invalidFixtureFailsWithTheNamedError(Case c, String error) {
    Verdict v = c.validate(Validator.forExecutor(EXECUTOR));
    assertThat(v).as("verdict").isInstanceOf(Verdict.Invalid.class);
    assertThat(((Verdict.Invalid) v).failure().fixtureName()).as(v.toString()).isEqualTo(error);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "no proof, NO_AUTHORITY",
      "missing proof, UNAVAILABLE_PROOF",
      "expired proof, EXPIRED",
      "inactive proof, NOT_YET_VALID",
      "proof principal alignment, INVALID_PROOF_CHAIN",
      "invocation principal alignment, INVALID_PROOF_CHAIN",
      "proof subject alignment, INVALID_SUBJECT",
      "invocation subject alignment, INVALID_SUBJECT",
      "expired invocation, EXPIRED",
      "invalid proof signature, INVALID_SIGNATURE",
      "invalid invocation signature, INVALID_SIGNATURE",
      "invalid powerline, NO_AUTHORITY",
      "policy violation, POLICY_VIOLATION",
  })
  void invalidFixtureFailsForTheReasonItDescribes(String name, Failure failure) {
    Case c = cases("invalid").filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    Verdicts.assertInvalid(c.validate(Validator.forExecutor(EXECUTOR)), failure);
  }

  @Test
  void fixturesHaveTheCasesWeExpect() {
    assertThat(FIXTURES.get("version").asText()).isEqualTo("1.0.0");
    assertThat(valid()).hasSize(7);
    assertThat(invalid()).hasSize(13);
  }

  @Test
  void fixturesAddressedToTheirExecutorAreRefusedByAnother() {
    Validator other = Validator.forExecutor("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    List<Case> addressed = Stream.concat(cases("valid"), cases("invalid"))
        .filter(c -> c.invocation().payload().aud() != null).toList();
    assertThat(addressed).isNotEmpty();
    for (Case c : addressed) {
      assertThat(c.invocation().payload().aud()).isEqualTo(EXECUTOR);
      Verdicts.assertInvalid(c.validate(other), Failure.INVALID_AUDIENCE);
    }
  }

  @Test
  void fixturesUseTheReleasedTags() {
    assertThat(Stream.concat(cases("valid"), cases("invalid"))).allSatisfy(c -> {
      assertThat(c.invocation().envelope().tag()).isEqualTo("ucan/inv@1.0.0");
      assertThat(c.proofs().values()).allSatisfy(p -> assertThat(p.envelope().tag()).isEqualTo("ucan/dlg@1.0.0"));
    });
  }
}
