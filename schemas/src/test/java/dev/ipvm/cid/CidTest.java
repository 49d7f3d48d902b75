package dev.ipvm.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.multibase.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rawCidOfHelloWorld() {
    // sha2-256("hello world") = b94d27b9...; CIDv1 raw = 01 55 12 20 <digest>
    Cid cid = Cid.of(Multicodec.RAW, "hello world".getBytes(StandardCharsets.UTF_8));
    assertThat(HEX.formatHex(cid.toBytes())).isEqualTo(
        "01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    assertThat(cid.toString()).isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  }

  @Test
  void emptyRawBlock() {
    assertThat(Cid.of(Multicodec.RAW, new byte[0]).toString())
        .isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  }

  @Test
  void sha3IsAvailableForHomestarCids() {
    Cid cid = Cid.of(Multicodec.DAG_CBOR, HashAlgorithm.SHA3_256, new byte[] {(byte) 0xa0});
    assertThat(cid.hash().code()).isEqualTo(0x16);
    assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
    // sha3-256 of the single byte a0 differs from sha2-256 of it
    assertThat(cid).isNotEqualTo(Cid.of(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0}));
  }

  @Test
  void cidV0ParsesAndConvertsToV1() {
    Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    assertThat(v0.version()).isZero();
    assertThat(v0.codec()).isEqualTo(Multicodec.DAG_PB);
    assertThat(v0.toString()).isEqualTo("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    Cid v1 = v0.toV1();
    assertThat(v1.toString()).isEqualTo("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertThat(v1.hash()).isEqualTo(v0.hash());
  }

  @Test
  void base58btcV1ParsesToTheSameCid() {
    Cid cid = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    String z = cid.toString(Multibase.Encoding.BASE58BTC);
    assertThat(z).startsWith("z");
    assertThat(Cid.parse(z)).isEqualTo(cid);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|empty CID",
      "bafkrei!|invalid base32 character '!'",
      "xafkrei|unsupported multibase prefix 'x'",
      "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR10|invalid base58btc character '0'",
  })
  void rejectsBadText(String text, String reason) {
    assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(CidFormatException.class).hasMessageContaining(reason);
  }

  @Test
  void rejectsTruncatedDigestAndUnknownVersion() {
    String digest = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    String truncated = Multibase.encodeBase32(HEX.parseHex("01551220" + digest.substring(2)));
    assertThatThrownBy(() -> Cid.parse(truncated)).hasMessageContaining("multihash declares a 32-byte digest");
    String v2 = Multibase.encodeBase32(HEX.parseHex("02551220" + digest));
    assertThatThrownBy(() -> Cid.parse(v2)).hasMessageContaining("unsupported CID version 2");
  }

  @Test
  void upperCaseBase32IsTheSameCid() {
    assertThat(Cid.parse("BAFKREIFZJUT3TE2NHYEKKLSS27NH3K72YSCO7Y32KOAO5EEI66WOF36N5E"))
        .isEqualTo(Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"));
  }

  @Test
  void rejectsNonMinimalVarints() {
    // version 1 written as 81 00
    byte[] bytes = HEX.parseHex("8100551220" + "00".repeat(32));
    assertThatThrownBy(() -> Cid.decode(bytes)).hasMessageContaining("not minimally encoded");
  }

  @Test
  void rejectsWrongDigestLengthForKnownHash() {
    byte[] bytes = HEX.parseHex("01551210" + "00".repeat(16));
    assertThatThrownBy(() -> Cid.decode(bytes)).hasMessageContaining("sha2-256 digest must be 32 bytes");
  }

  @Test
  void verifiesContentAgainstTheHash() {
    byte[] data = "block".getBytes(StandardCharsets.UTF_8);
    Cid cid = Cid.of(Multicodec.RAW, data);
    assertThat(cid.verifies(data)).isTrue();
    assertThat(cid.verifies("other".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Property(tries = 300)
  void textAndBinaryFormsRoundTrip(@ForAll byte[] data, @ForAll boolean sha3) {
    Cid cid = Cid.of(Multicodec.DAG_CBOR, sha3 ? HashAlgorithm.SHA3_256 : HashAlgorithm.SHA2_256, data);
    assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
    assertThat(Cid.decode(cid.toBytes())).isEqualTo(cid);
    assertThat(Cid.parse(cid.toString(Multibase.Encoding.BASE58BTC))).isEqualTo(cid);
  }
}
