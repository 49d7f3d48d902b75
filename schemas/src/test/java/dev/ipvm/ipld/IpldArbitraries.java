package dev.ipvm.ipld;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** jqwik generators of IPLD values, biased towards the edges codecs get wrong. */
public final class IpldArbitraries {
  private IpldArbitraries() {}

  /** Any value nested up to {@code depth} levels. */
  public static Arbitrary<Ipld> values(int depth) {
    Arbitrary<Ipld> leaf = scalars();
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Ipld> inner = values(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(1, inner.list().ofMaxSize(5).map(Ipld.List::new)),
        Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(6).map(Ipld.Map::of)));
  }

  public static Arbitrary<Ipld> scalars() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.just(Ipld.NULL),
        Arbitraries.of(Ipld.TRUE, Ipld.FALSE),
        integers(),
        floats(),
        texts().map(Ipld.Text::new),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Ipld.Bytes::of),
        links()));
  }

  public static Arbitrary<Ipld> integers() {
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().map(Ipld.Int::of)),
        Tuple.of(2, Arbitraries.of(0L, 23L, 24L, 255L, 256L, 65535L, 65536L, 4294967295L,
            4294967296L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -24L, -25L, -256L, -257L).map(Ipld.Int::of)),
        Tuple.of(1, Arbitraries.bigIntegers().between(two64.negate(), two64.subtract(BigInteger.ONE))
            .map(Ipld.Int::of)));
  }

  public static Arbitrary<Ipld> floats() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().filter(Double::isFinite),
        Arbitraries.of(0.0, -0.0, 1.5, Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_NORMAL, 1e300, 0.1))
        .map(Ipld.Float::new);
  }

  /** Unicode strings without lone surrogates, mixing ASCII and multi-byte characters. */
  public static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ascii().ofMaxLength(20),
        Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMaxLength(8),
        Arbitraries.of("", "ü", "水", "😀", "a😀b", "\u0000", "\"\\/\n"));
  }

  public static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcdef").ofMaxLength(4),
        texts());
  }

  public static Arbitrary<Ipld> links() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(16).flatMap(data ->
        Arbitraries.of(Multicodec.RAW, Multicodec.DAG_CBOR, Multicodec.DAG_JSON).flatMap(codec ->
            Arbitraries.of(HashAlgorithm.values()).map(alg -> Ipld.link(Cid.of(codec, alg, data)))));
  }
}
