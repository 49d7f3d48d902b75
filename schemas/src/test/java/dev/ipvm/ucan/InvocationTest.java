package dev.ipvm.ucan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagcbor.DagCborException;
import dev.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Signer ALICE = Signer.fromSeed(HEX.parseHex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  private static final Signer BOB = Signer.generate();

  private static Invocation.Builder add(Signer who) {
    return Invocation.builder()
        .iss(who.did().toString())
        .sub(ALICE.did().toString())
        .cmd("/wasm/run")
        .args(Ipld.Map.builder().put("fun", "add").put("params", Ipld.list(Ipld.integer(1), Ipld.integer(2))).build())
        .emptyNonce()
        .exp(4_000_000_000L);
  }

  @Test
  void signedEnvelopeDecodesAndVerifies() {
    Invocation inv = add(ALICE).build();
    Signed<Invocation> signed = Signed.sign(ALICE, inv);
    byte[] bytes = signed.bytes();
    Signed<Invocation> back = Invocation.decode(bytes).verify();
    assertThat(back.payload()).isEqualTo(inv);
    assertThat(back.cid()).isEqualTo(Cid.of(Multicodec.DAG_CBOR, bytes));
    assertThat(back.envelope().tag()).isEqualTo("ucan/inv@1.0.0");
    assertThat(HEX.formatHex(back.envelope().header())).isEqualTo("3401ed01ed011371");
  }

  @Test
  void envelopeHasTheUcanShape() {
    byte[] bytes = Signed.sign(ALICE, add(ALICE).build()).bytes();
    Ipld.List root = (Ipld.List) DagCbor.decode(bytes);
    assertThat(root.size()).isEqualTo(2);
    assertThat(((Ipld.Bytes) root.get(0)).length()).isEqualTo(64);
    Ipld.Map sigPayload = (Ipld.Map) root.get(1);
    assertThat(sigPayload.entries().keySet()).containsExactly("h", "ucan/inv@1.0.0");
    // the signature covers exactly the DAG-CBOR bytes of element [1]
    assertThat(Ed25519.verify(ALICE.did().publicKey(), DagCbor.encode(sigPayload),
        ((Ipld.Bytes) root.get(0)).toByteArray())).isTrue();
  }

  @Test
  void aFlippedSignatureBitFailsWithAClearReason() {
    byte[] bytes = Signed.sign(ALICE, add(ALICE).build()).bytes();
    bytes[5] ^= 0x01; // inside the 64-byte signature, after the 2-byte list/bytes heads
    Signed<Invocation> tampered = Invocation.decode(bytes);
    assertThat(tampered.signatureProblem()).hasValueSatisfying(e -> {
      assertThat(e.reason()).isEqualTo(UcanException.Reason.BAD_SIGNATURE);
      assertThat(e.getMessage()).contains("signature does not verify for issuer " + ALICE.did());
    });
  }

  @Test
  void aFlippedPayloadBitFailsVerification() {
    byte[] bytes = Signed.sign(ALICE, add(ALICE).build()).bytes();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("/wasm/run") + 3;
    bytes[at] ^= 0x01; // "/wasm/run" -> "/wa`m/run": still valid CBOR, still a valid command
    assertThatThrownBy(() -> Invocation.decode(bytes).verify())
        .isInstanceOfSatisfying(UcanException.class,
            e -> assertThat(e.reason()).isIn(UcanException.Reason.BAD_SIGNATURE, UcanException.Reason.INVALID_PAYLOAD));
  }

  @Test
  void everyBitFlipIsCaught() {
    byte[] good = Signed.sign(ALICE, add(ALICE).build()).bytes();
    for (int i = 0; i < good.length; i++) {
      byte[] bytes = good.clone();
      bytes[i] ^= 0x10;
      boolean rejected;
      try {
        Invocation.decode(bytes).verify();
        rejected = false;
      } catch (DagCborException | UcanException e) {
        rejected = true;
      }
      assertThat(rejected).as("flip at byte %d", i).isTrue();
    }
  }

  @Test
  void signerMustBeTheIssuer() {
    assertThatThrownBy(() -> Signed.sign(BOB, add(ALICE).build()))
        .hasMessageContaining("the signing key is " + BOB.did());
  }

  @Test
  void taskIdIgnoresWhoAsksAndHow() {
    Invocation base = add(ALICE).build();
    Invocation other = add(BOB)
        .meta(Ipld.Map.builder().put("fuel", 1000).build())
        .prf(List.of(Cid.of(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0})))
        .exp(null)
        .iat(1_700_000_000L)
        .aud(BOB.did().toString())
        .build();
    assertThat(other.taskId()).isEqualTo(base.taskId());
    assertThat(Signed.sign(BOB, other).cid()).isNotEqualTo(Signed.sign(ALICE, base).cid());
  }

  @Test
  void taskIdChangesWithWhatIsAsked() {
    Cid base = add(ALICE).build().taskId();
    assertThat(add(ALICE).cmd("/wasm/other").build().taskId()).isNotEqualTo(base);
    assertThat(add(ALICE).nonce(new byte[] {1}).build().taskId()).isNotEqualTo(base);
    assertThat(add(ALICE).sub(BOB.did().toString()).build().taskId()).isNotEqualTo(base);
    assertThat(add(ALICE).args(Ipld.Map.EMPTY).build().taskId()).isNotEqualTo(base);
  }

  @Test
  void taskIdIsTheDagCborCidOfSubCmdArgsNonce() {
    String sub = ALICE.did().toString();
    Invocation inv = Invocation.builder().iss(sub).cmd("/wasm/run").args(Ipld.Map.EMPTY).emptyNonce().build();
    // {cmd, sub, args, nonce} in canonical order, written out by hand
    String expected = "a4"
        + "63" + hex("cmd") + "69" + hex("/wasm/run")
        + "63" + hex("sub") + "7838" + hex(sub)
        + "64" + hex("args") + "a0"
        + "65" + hex("nonce") + "40";
    assertThat(HEX.formatHex(DagCbor.encode(inv.taskIdPreimage()))).isEqualTo(expected);
    assertThat(inv.taskId()).isEqualTo(Cid.of(Multicodec.DAG_CBOR, HEX.parseHex(expected)));
    assertThat(inv.shareable()).isTrue();
  }

  @Test
  void acceptsTheReleaseCandidateTag() {
    Invocation inv = add(ALICE).build();
    Envelope env = Envelope.sign(ALICE, "ucan/inv@1.0.0-rc.1", inv.toIpld());
    assertThat(Invocation.decode(env.bytes()).verify().payload()).isEqualTo(inv);
  }

  @Test
  void writesTheReleaseCandidateTagOnRequest() {
    Invocation inv = add(ALICE).build();
    Signed<Invocation> rc1 = Signed.sign(ALICE, inv, TagSpelling.RC1);
    Signed<Invocation> back = Invocation.decode(rc1.bytes()).verify();
    assertThat(back.envelope().tag()).isEqualTo("ucan/inv@1.0.0-rc.1");
    assertThat(back.payload()).isEqualTo(inv);
    assertThat(Signed.sign(ALICE, inv, TagSpelling.FINAL).bytes()).isEqualTo(Signed.sign(ALICE, inv).bytes());
    // the tag is signed: the two spellings are two envelopes with two CIDs, one Task ID
    assertThat(rc1.cid()).isNotEqualTo(Signed.sign(ALICE, inv).cid());
    assertThat(back.payload().taskId()).isEqualTo(inv.taskId());
  }

  @Test
  void rejectsOtherTags() {
    Envelope env = Envelope.sign(ALICE, "ucan/inv@0.2.0", add(ALICE).build().toIpld());
    assertThatThrownBy(() -> Invocation.decode(env.bytes()))
        .isInstanceOfSatisfying(UcanException.class, e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.UNKNOWN_TYPE))
        .hasMessageContaining("'ucan/inv@0.2.0' is not an invocation");
  }

  @Test
  void rejectsUnsupportedVarsig() {
    Ipld.Map payload = add(ALICE).build().toIpld();
    Ipld.Map sp = Ipld.Map.builder().put("h", Ipld.Bytes.of(HEX.parseHex("3401ec0113"))).put(Invocation.TAG, payload).build();
    byte[] bytes = DagCbor.encode(Ipld.list(Ipld.Bytes.of(new byte[64]), sp));
    assertThatThrownBy(() -> Invocation.decode(bytes).verify())
        .isInstanceOfSatisfying(UcanException.class, e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.UNSUPPORTED_SIGNATURE));
  }

  @Test
  void rejectsEnvelopesOfTheWrongShape() {
    assertThatThrownBy(() -> Invocation.decode(DagCbor.encode(Ipld.Map.EMPTY)))
        .hasMessageContaining("expected a 2-element list");
    assertThatThrownBy(() -> Invocation.decode(DagCbor.encode(Ipld.list(Ipld.text("sig"), Ipld.Map.EMPTY))))
        .hasMessageContaining("element 0 (the signature) must be bytes");
    Ipld.Map extra = Ipld.Map.builder().put("h", Ipld.Bytes.EMPTY).put("x", 1).put(Invocation.TAG, Ipld.Map.EMPTY).build();
    assertThatThrownBy(() -> Invocation.decode(DagCbor.encode(Ipld.list(Ipld.Bytes.EMPTY, extra))))
        .hasMessageContaining("exactly 'h' and one type tag");
  }

  @Test
  void payloadValidationNamesTheField() {
    Ipld.Map good = add(ALICE).build().toIpld();
    assertInvalid(without(good, "nonce"), "field 'nonce' is required");
    assertInvalid(without(good, "exp"), "field 'exp' is required");
    assertInvalid(with(good, "cmd", Ipld.text("wasm/run")), "must start with '/'");
    assertInvalid(with(good, "cmd", Ipld.text("/Wasm/run")), "must be lower case");
    assertInvalid(with(good, "cmd", Ipld.text("/wasm/")), "must not end with '/'");
    assertInvalid(with(good, "iss", Ipld.text("alice")), "field 'iss' is not a usable DID");
    assertInvalid(with(good, "args", Ipld.list()), "field 'args' must be a map, got list");
    assertInvalid(with(good, "nonce", Ipld.text("abc")), "field 'nonce' must be bytes");
    assertInvalid(with(good, "exp", Ipld.integer(-5)), "field 'exp' must be a non-negative integer");
    assertInvalid(with(good, "prf", Ipld.list(Ipld.text("x"))), "field 'prf' element 0 must be a link");
    assertInvalid(with(good, "surprise", Ipld.TRUE), "field 'surprise' is not a field of invocation");
    assertThat(Invocation.fromIpld(with(good, "exp", Ipld.NULL)).exp()).isNull();
  }

  @Test
  void expiry() {
    Invocation inv = add(ALICE).exp(100L).build();
    assertThat(inv.expiredAt(99)).isFalse();
    assertThat(inv.expiredAt(100)).isTrue();
    assertThat(add(ALICE).exp(null).build().expiredAt(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void commandsCoverTheirSubcommands() {
    assertThat(Command.covers("/", "/wasm/run")).isTrue();
    assertThat(Command.covers("/wasm", "/wasm/run")).isTrue();
    assertThat(Command.covers("/wasm", "/wasmer")).isFalse();
  }

  private static void assertInvalid(Ipld.Map payload, String message) {
    assertThatThrownBy(() -> Invocation.fromIpld(payload))
        .isInstanceOfSatisfying(UcanException.class, e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.INVALID_PAYLOAD))
        .hasMessageContaining(message);
  }

  static Ipld.Map with(Ipld.Map map, String key, Ipld value) {
    java.util.Map<String, Ipld> m = new java.util.HashMap<>(map.entries());
    m.put(key, value);
    return Ipld.Map.of(m);
  }

  static Ipld.Map without(Ipld.Map map, String key) {
    java.util.Map<String, Ipld> m = new java.util.HashMap<>(map.entries());
    m.remove(key);
    return Ipld.Map.of(m);
  }

  private static String hex(String s) {
    return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
  }
}
