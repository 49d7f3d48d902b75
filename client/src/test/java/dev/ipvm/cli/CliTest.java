package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ucan.Invocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI run in-process, with standard streams captured. */
class CliTest {
  record Result(int code, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  static Result run(byte[] stdin, String... args) {
    InputStream in = System.in;
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      var cl = Main.newCommandLine();
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int code = cl.execute(args);
      return new Result(code, o.toByteArray(), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }

  static Result run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  @Test
  void cidOfRawBytes() {
    Result r = run("hello world", "dag", "cid", "--codec", "raw");
    assertThat(r.code()).isZero();
    assertThat(r.text().strip()).isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  }

  @Test
  void dagJsonToDagCborAndBack() {
    Result cbor = run("{\"b\":1,\"a\":[true,null,1.5]}", "dag", "encode", "--from", "dag-json", "--to", "dag-cbor");
    assertThat(cbor.code()).isZero();
    assertThat(HexFormat.of().formatHex(cbor.out())).isEqualTo("a261618" + "3f5f6fb3ff8000000000000" + "616201");
    Result json = run(cbor.out(), "dag", "encode", "--from", "dag-cbor", "--to", "dag-json");
    assertThat(json.text().strip()).isEqualTo("{\"a\":[true,null,1.5],\"b\":1}");
    Result cid = run(cbor.out(), "dag", "cid");
    assertThat(cid.text().strip()).isEqualTo(Cid.of(0x71, cbor.out()).toString());
  }

  @Test
  void nonCanonicalInputFailsWithOneLineNamingTheRule() {
    Result r = run(HexFormat.of().parseHex("a2616201616102"), "dag", "cid");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("ipvm: dag-cbor: map keys out of canonical order (length first, then bytewise)"
        + " at byte 4 (\"a\" after \"b\")" + System.lineSeparator());
  }

  @Test
  void sha3CidsOnRequest() {
    Result r = run(HexFormat.of().parseHex("a0"), "dag", "cid", "--hash", "sha3-256");
    assertThat(Cid.parse(r.text().strip()).hash().code()).isEqualTo(0x16);
    assertThat(run(HexFormat.of().parseHex("a0"), "dag", "cid", "--hash", "md5").err()).contains("unknown hash 'md5'");
  }

  @Test
  void signInspectAndTamper(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("me.pem");
    Result k = run("", "key", "new", "--out", key.toString());
    assertThat(k.code()).isZero();
    String did = k.text().strip();
    assertThat(did).startsWith("did:key:z6Mk");
    assertThat(run("", "key", "did", "--key", key.toString()).text().strip()).isEqualTo(did);

    Path inv = dir.resolve("inv.cbor");
    Result n = run("", "invocation", "new", "--key", key.toString(), "--cmd", "/wasm/run", "--empty-nonce",
        "--args", "{\"fun\":\"add\",\"params\":[1,2]}", "--meta", "{\"fuel\":5000}", "--exp", "4000000000",
        "--out", inv.toString());
    assertThat(n.code()).as(n.err()).isZero();
    Invocation parsed = Invocation.decode(Files.readAllBytes(inv)).verify().payload();
    assertThat(parsed.iss()).isEqualTo(did);
    assertThat(parsed.sub()).isEqualTo(did);
    assertThat(parsed.exp()).isEqualTo(4_000_000_000L);
    assertThat(parsed.shareable()).isTrue();

    Result i = run("", "invocation", "inspect", "--json", inv.toString());
    assertThat(i.code()).isZero();
    {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(i.out());
      assertThat(node.get("taskId").asText()).isEqualTo(parsed.taskId().toString());
      assertThat(node.get("issuer").asText()).isEqualTo(did);
      assertThat(node.get("signature").get("valid").asBoolean()).isTrue();
      assertThat(node.get("payload").get("meta").get("fuel").asInt()).isEqualTo(5000);
      assertThat(node.get("tag").asText()).isEqualTo("ucan/inv@1.0.0");
    }

    byte[] tampered = Files.readAllBytes(inv);
    tampered[10] ^= 1;
    Result bad = run(tampered, "invocation", "inspect");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.text()).contains("signature   INVALID: BadSignature");
  }

  @Test
  void rc1TagsWritesTheReleaseCandidateSpelling(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("me.pem");
    run("", "key", "new", "--out", key.toString());
    Path inv = dir.resolve("inv.cbor");
    Result n = run("", "invocation", "new", "--key", key.toString(), "--cmd", "/x", "--rc1-tags", "--out", inv.toString());
    assertThat(n.code()).as(n.err()).isZero();
    assertThat(Invocation.decode(Files.readAllBytes(inv)).verify().envelope().tag()).isEqualTo("ucan/inv@1.0.0-rc.1");
    assertThat(run("", "invocation", "inspect", inv.toString()).text()).contains("tag         ucan/inv@1.0.0-rc.1");
  }

  @Test
  void theSameTaskFromTwoSignersHasOneTaskId(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.pem");
    Path b = dir.resolve("b.pem");
    run("", "key", "new", "--out", a.toString());
    run("", "key", "new", "--out", b.toString());
    String sub = run("", "key", "did", "--key", a.toString()).text().strip();
    String[] common = {"--cmd", "/wasm/run", "--empty-nonce", "--sub", sub, "--args", "{\"fun\":\"f\"}"};
    Path ia = dir.resolve("a.cbor");
    Path ib = dir.resolve("b.cbor");
    run("", concat(new String[] {"invocation", "new", "--key", a.toString(), "--out", ia.toString(), "--meta", "{\"fuel\":1}"}, common));
    run("", concat(new String[] {"invocation", "new", "--key", b.toString(), "--out", ib.toString(), "--ttl", "60"}, common));
    Invocation x = Invocation.decode(Files.readAllBytes(ia)).payload();
    Invocation y = Invocation.decode(Files.readAllBytes(ib)).payload();
    assertThat(x.iss()).isNotEqualTo(y.iss());
    assertThat(x.taskId()).isEqualTo(y.taskId());
  }

  @Test
  void badArgumentsGetOneLineReasons(@TempDir Path dir) {
    Path key = dir.resolve("k.pem");
    run("", "key", "new", "--out", key.toString());
    assertThat(run("", "invocation", "new", "--key", key.toString(), "--cmd", "/Wasm").err())
        .isEqualTo("ipvm: command '/Wasm' must be lower case" + System.lineSeparator());
    assertThat(run("", "invocation", "new", "--key", key.toString(), "--cmd", "/x", "--args", "[1]").err())
        .contains("--args must be a JSON object");
    assertThat(run("", "invocation", "new", "--key", dir.resolve("missing.pem").toString(), "--cmd", "/x").err())
        .contains("no such file: ");
    assertThat(run("", "key", "new", "--out", key.toString()).err()).contains("exists; pass --force");
    assertThat(run("not cbor at all", "invocation", "inspect").code()).isEqualTo(1);
    assertThat(run("", "dag", "encode", "--from", "yaml", "--to", "dag-json").code()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dag encode", "dag cid", "key new", "key did", "invocation new", "invocation inspect",
      "delegation new", "delegation inspect"})
  void everyCommandHasHelpWithAnExample(String command) {
    Result r = run("", concat(command.split(" "), new String[] {"--help"}));
    assertThat(r.code()).isZero();
    assertThat(r.text()).contains("Usage: ipvm " + command).containsPattern("Examples?:");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
