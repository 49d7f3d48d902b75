package dev.ipvm.dagcbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-exact encodings worked out by hand from RFC 8949 and the DAG-CBOR spec. */
class DagCborKnownAnswersTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(Ipld.integer(0), "00"),
        Arguments.of(Ipld.integer(23), "17"),
        Arguments.of(Ipld.integer(24), "1818"),
        Arguments.of(Ipld.integer(255), "18ff"),
        Arguments.of(Ipld.integer(256), "190100"),
        Arguments.of(Ipld.integer(65535), "19ffff"),
        Arguments.of(Ipld.integer(65536), "1a00010000"),
        Arguments.of(Ipld.integer(4294967295L), "1affffffff"),
        Arguments.of(Ipld.integer(4294967296L), "1b0000000100000000"),
        Arguments.of(Ipld.integer(Long.MAX_VALUE), "1b7fffffffffffffff"),
        Arguments.of(Ipld.Int.of(TWO_63), "1b8000000000000000"),
        Arguments.of(Ipld.Int.of(TWO_64.subtract(BigInteger.ONE)), "1bffffffffffffffff"),
        Arguments.of(Ipld.integer(-1), "20"),
        Arguments.of(Ipld.integer(-24), "37"),
        Arguments.of(Ipld.integer(-25), "3818"),
        Arguments.of(Ipld.integer(-256), "38ff"),
        Arguments.of(Ipld.integer(-257), "390100"),
        Arguments.of(Ipld.integer(Long.MIN_VALUE), "3b7fffffffffffffff"),
        Arguments.of(Ipld.Int.of(TWO_63.negate().subtract(BigInteger.ONE)), "3b8000000000000000"),
        Arguments.of(Ipld.Int.of(TWO_64.negate()), "3bffffffffffffffff"),
        Arguments.of(new Ipld.Float(1.5), "fb3ff8000000000000"),
        Arguments.of(new Ipld.Float(0.0), "fb0000000000000000"),
        Arguments.of(new Ipld.Float(-0.0), "fb8000000000000000"),
        Arguments.of(new Ipld.Float(1.1), "fb3ff199999999999a"),
        Arguments.of(new Ipld.Float(1.0), "fb3ff0000000000000"),
        Arguments.of(Ipld.text(""), "60"),
        Arguments.of(Ipld.text("a"), "6161"),
        Arguments.of(Ipld.text("ü"), "62c3bc"),
        Arguments.of(Ipld.text("水"), "63e6b0b4"),
        Arguments.of(Ipld.text("😀"), "64f09f9880"),
        Arguments.of(Ipld.text("x".repeat(24)), "7818" + "78".repeat(24)),
        Arguments.of(Ipld.Bytes.of(new byte[0]), "40"),
        Arguments.of(Ipld.Bytes.of(new byte[] {1, 2, 3}), "43010203"),
        Arguments.of(Ipld.NULL, "f6"),
        Arguments.of(Ipld.TRUE, "f5"),
        Arguments.of(Ipld.FALSE, "f4"),
        Arguments.of(Ipld.list(), "80"),
        Arguments.of(Ipld.list(Ipld.integer(1), Ipld.list(Ipld.integer(2))), "82018102"),
        Arguments.of(Ipld.Map.EMPTY, "a0"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("answers")
  void encodesAndDecodesExactly(Ipld value, String hex) {
    assertThat(HEX.formatHex(DagCbor.encode(value))).isEqualTo(hex);
    assertThat(DagCbor.decode(HEX.parseHex(hex))).isEqualTo(value);
  }

  @Test
  void mapKeysAreOrderedLengthFirstThenBytewise() {
    Map<String, Ipld> in = new LinkedHashMap<>();
    for (String k : new String[] {"ddd", "f", "ee", "a", "bb", "aa", "b", "é"}) {
      in.put(k, Ipld.integer(k.length()));
    }
    Ipld.Map map = Ipld.Map.of(in);
    assertThat(map.entries().keySet()).containsExactly("a", "b", "f", "aa", "bb", "ee", "é", "ddd");
    // "é" is two UTF-8 bytes (c3 a9) so it sorts with the two-character keys, after "ee"
    assertThat(HEX.formatHex(DagCbor.encode(map))).isEqualTo(
        "a8" + "616101" + "616201" + "616601" + "62616102" + "62626202" + "62656502" + "62c3a901"
            + "6364646403");
  }

  @Test
  void linksAreTag42OverZeroPrefixedCid() {
    Cid empty = DagCbor.cid(Ipld.Map.EMPTY);
    assertThat(empty.toString()).isEqualTo("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
    Ipld nested = Ipld.Map.builder().put("l", Ipld.list(Ipld.link(empty))).build();
    String cidHex = HEX.formatHex(empty.toBytes());
    assertThat(cidHex).startsWith("01711220");
    byte[] bytes = DagCbor.encode(nested);
    assertThat(HEX.formatHex(bytes)).isEqualTo("a1616c81d82a5825" + "00" + cidHex);
    assertThat(DagCbor.decode(bytes)).isEqualTo(nested);
  }

  @Test
  void integersBeyondLongKeepTheirExactValue() {
    Ipld.Int max = (Ipld.Int) DagCbor.decode(HEX.parseHex("1bffffffffffffffff"));
    assertThat(max.fitsLong()).isFalse();
    assertThat(max.bigValue()).isEqualTo(TWO_64.subtract(BigInteger.ONE));
    Ipld.Int min = (Ipld.Int) DagCbor.decode(HEX.parseHex("3bffffffffffffffff"));
    assertThat(min.bigValue()).isEqualTo(TWO_64.negate());
  }
}
