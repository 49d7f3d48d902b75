package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.CliTest.Result;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegation chains built and checked with the CLI alone: {@code delegation new}, {@code invocation
 * new --proof} and {@code invocation inspect}, as a user would run them.
 */
class DelegationCommandTest {
  private static final String ADD = "{\"fun\":\"add\",\"params\":[1,2]}";
  private static final String ONLY_ADD = "[[\"==\", \".fun\", \"add\"]]";

  @TempDir
  Path dir;

  /** The subject, who owns the resource; A, whom the subject trusts; B, whom A trusts with less. */
  String s;
  String a;
  String b;

  @BeforeEach
  void keys() {
    s = key("s");
    a = key("a");
    b = key("b");
  }

  @Test
  void aChainFromTheSubjectThroughTwoDelegatesIsValid() throws Exception {
    ok("delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm", "--out", file("root"));
    ok("delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm/run", "--sub", s,
        "--pol", ONLY_ADD, "--nbf", "1000", "--exp", "4000000000", "--out", file("ab"));
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--args", ADD,
        "--proof", file("root"), file("ab"), "--out", file("inv"));

    Signed<Invocation> inv = Invocation.decode(Files.readAllBytes(dir.resolve("inv"))).verify();
    assertThat(inv.payload().iss()).isEqualTo(b);
    assertThat(inv.payload().sub()).as("the root's subject").isEqualTo(s);
    assertThat(inv.payload().prf()).containsExactly(cid("root"), cid("ab"));

    Result r = CliTest.run("", "invocation", "inspect", "--proof", file("ab"), "--proof", file("root"), file("inv"));
    assertThat(r.code()).as(r.text() + r.err()).isZero();
    List<String> lines = r.text().lines().toList();
    assertThat(lines).contains(
        "prf[0]      " + cid("root") + "  " + s + " → " + a + "  /wasm  sub " + s,
        "prf[1]      " + cid("ab") + "  " + a + " → " + b + "  /wasm/run  sub " + s);
    assertThat(lines.get(0)).isEqualTo("invocation  " + inv.cid());
    assertThat(lines).anyMatch(l -> l.equals("signature   valid (Ed25519)"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("valid");

    Result d = CliTest.run("", "delegation", "inspect", file("ab"));
    assertThat(d.code()).isZero();
    assertThat(d.text().lines().toList()).containsExactly(
        "delegation  " + cid("ab"),
        "issuer      " + a,
        "audience    " + b,
        "subject     " + s,
        "command     /wasm/run",
        "policy      [[\"==\",\".fun\",\"add\"]]",
        "not before  1000  (1970-01-01T00:16:40Z)",
        "expires     4000000000  (2096-10-02T07:06:40Z)",
        "tag         ucan/dlg@1.0.0",
        "signature   valid (Ed25519)");
    var json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(CliTest.run("", "delegation", "inspect", "--json", file("root")).out());
    assertThat(json.get("sub").asText()).isEqualTo(s);
    assertThat(json.get("aud").asText()).isEqualTo(a);
    assertThat(json.get("exp").isNull()).isTrue();
    assertThat(json.get("signature").get("valid").asBoolean()).isTrue();
  }

  @Test
  void argsThatBreakAPolicyAreAPolicyViolation() throws Exception {
    chain(ONLY_ADD);
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--args", "{\"fun\":\"mul\"}",
        "--proof", file("root"), file("ab"), "--out", file("inv"));
    Result r = inspect();
    assertThat(r.code()).isEqualTo(1);
    assertThat(last(r)).startsWith("PolicyViolation: ").contains("prf[1]");

    Result json = CliTest.run("", "invocation", "inspect", "--json", "--proof", file("root"), "--proof", file("ab"),
        file("inv"));
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(node.get("authority").get("error").asText()).isEqualTo("PolicyViolation");
    assertThat(node.get("chain").get(1).get("aud").asText()).isEqualTo(b);
    assertThat(json.code()).isEqualTo(1);
  }

  @Test
  void anExpiredLinkIsExpiredAtThatTime() throws Exception {
    ok("delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm", "--out", file("root"));
    ok("delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm", "--sub", s,
        "--exp", "2000000000", "--out", file("ab"));
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--args", ADD,
        "--proof", file("root"), file("ab"), "--out", file("inv"));
    assertThat(last(inspect("--at", "1999999000"))).isEqualTo("valid");
    Result late = inspect("--at", "2000000100");
    assertThat(late.code()).isEqualTo(1);
    assertThat(last(late)).startsWith("Expired: ");
  }

  @Test
  void aPowerlineStandsForTheSubjectBeforeIt() throws Exception {
    ok("delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/", "--out", file("root"));
    ok("delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm", "--powerline", "--out", file("ab"));
    assertThat(Delegation.decode(Files.readAllBytes(dir.resolve("ab"))).payload().sub()).isNull();
    assertThat(CliTest.run("", "delegation", "inspect", file("ab")).text())
        .contains("subject     powerline (any subject)");
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--args", ADD,
        "--proof", file("root"), file("ab"), "--out", file("inv"));
    Result r = inspect();
    assertThat(r.text()).contains(a + " → " + b + "  /wasm  sub powerline");
    assertThat(last(r)).isEqualTo("valid");

    // a powerline cannot be the root: invocation new says so rather than guessing a subject
    Result wrongOrder = CliTest.run("", "invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run",
        "--proof", file("ab"), file("root"), "--out", file("bad"));
    assertThat(wrongOrder.code()).isEqualTo(1);
    assertThat(wrongOrder.err()).contains("is a powerline (no subject), so it cannot be the root");
    // and --sub with --powerline is a usage mistake
    assertThat(CliTest.run("", "delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm",
        "--powerline", "--sub", s).code()).isEqualTo(2);
  }

  @Test
  void proofsOutOfOrderOrMissingAreNamed() throws Exception {
    chain("[]");
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--sub", s,
        "--proof", file("ab"), file("root"), "--out", file("reversed"));
    Result reversed = CliTest.run("", "invocation", "inspect", "--proof", file("root"), "--proof", file("ab"),
        file("reversed"));
    assertThat(reversed.code()).isEqualTo(1);
    assertThat(last(reversed)).startsWith("NoAuthority: the root proof prf[0]");

    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--proof", file("root"), file("ab"),
        "--out", file("inv"));
    Result missing = CliTest.run("", "invocation", "inspect", "--proof", file("root"), file("inv"));
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.text()).contains("prf[1]      " + cid("ab") + "  (not given: pass its file with --proof)");
    assertThat(last(missing)).startsWith("UnavailableProof: ");
    Result notADelegation = CliTest.run("", "invocation", "inspect", "--proof", file("inv"), file("inv"));
    assertThat(notADelegation.code()).isEqualTo(1);
    assertThat(notADelegation.err()).startsWith("ipvm: --proof " + file("inv") + " is not a delegation");
  }

  @Test
  void anInvocationAddressedToAnExecutorIsCheckedAsThatExecutor() throws Exception {
    String executor = key("x");
    chain("[]");
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--aud", executor,
        "--proof", file("root"), file("ab"), "--out", file("inv"));
    assertThat(last(inspect())).isEqualTo("valid");
    Result other = inspect("--executor", a);
    assertThat(other.code()).isEqualTo(1);
    assertThat(last(other)).startsWith("InvalidAudience: ");
  }

  @Test
  void rc1TagsWritesTheReleaseCandidateSpellingAndItStillValidates() throws Exception {
    ok("delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm", "--rc1-tags", "--out", file("root"));
    ok("delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm", "--sub", s, "--out", file("ab"));
    ok("invocation", "new", "--key", pem("b"), "--cmd", "/wasm/run", "--rc1-tags",
        "--proof", file("root"), file("ab"), "--out", file("inv"));
    assertThat(Delegation.decode(Files.readAllBytes(dir.resolve("root"))).envelope().tag())
        .isEqualTo("ucan/dlg@1.0.0-rc.1");
    assertThat(Delegation.decode(Files.readAllBytes(dir.resolve("ab"))).envelope().tag()).isEqualTo("ucan/dlg@1.0.0");
    assertThat(CliTest.run("", "delegation", "inspect", file("root")).text()).contains("tag         ucan/dlg@1.0.0-rc.1");
    Result r = inspect();
    assertThat(r.text()).contains("tag         ucan/inv@1.0.0-rc.1");
    assertThat(last(r)).isEqualTo("valid");
  }

  @Test
  void aMalformedPolicyIsRefusedNamingTheProblem() {
    Result bad = CliTest.run("", "delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm",
        "--pol", "[[\"===\", \".fun\", \"add\"]]", "--out", file("root"));
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).startsWith("ipvm: --pol is not a valid policy: UNKNOWN_OPERATOR: ").contains("===")
        .hasLineCount(1);
    assertThat(Files.exists(dir.resolve("root"))).isFalse();
    Result notJson = CliTest.run("", "delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm",
        "--pol", "[[\"==\", \".fun\"");
    assertThat(notJson.code()).isEqualTo(1);
    assertThat(notJson.err()).startsWith("ipvm: --pol is not valid DAG-JSON");
    Result notAList = CliTest.run("", "delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm",
        "--pol", "{\"fun\":\"add\"}");
    assertThat(notAList.code()).isEqualTo(1);
    assertThat(notAList.err()).startsWith("ipvm: --pol is not a valid policy: NOT_A_LIST");
    Result badAud = CliTest.run("", "delegation", "new", "--key", pem("s"), "--aud", "did:web:example.org",
        "--cmd", "/wasm");
    assertThat(badAud.code()).isEqualTo(1);
    assertThat(badAud.err()).contains("'aud'");
  }

  /** root: the subject to A, all of /wasm; ab: A to B, /wasm/run under {@code pol}. */
  private void chain(String pol) {
    ok("delegation", "new", "--key", pem("s"), "--aud", a, "--cmd", "/wasm", "--out", file("root"));
    ok("delegation", "new", "--key", pem("a"), "--aud", b, "--cmd", "/wasm/run", "--sub", s, "--pol", pol,
        "--out", file("ab"));
  }

  private Result inspect(String... options) {
    List<String> args = new ArrayList<>(List.of("invocation", "inspect", "--proof", file("root"), "--proof", file("ab")));
    args.addAll(List.of(options));
    args.add(file("inv"));
    return CliTest.run("", args.toArray(String[]::new));
  }

  private static String last(Result r) {
    List<String> lines = r.text().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private String key(String name) {
    Result r = ok("key", "new", "--out", pem(name));
    return r.text().strip();
  }

  private Result ok(String... args) {
    Result r = CliTest.run("", args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  private String pem(String name) {
    return dir.resolve(name + ".pem").toString();
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private Cid cid(String name) throws java.io.IOException {
    return Delegation.decode(Files.readAllBytes(dir.resolve(name))).cid();
  }
}
