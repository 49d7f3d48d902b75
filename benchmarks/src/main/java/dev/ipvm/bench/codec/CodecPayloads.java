package dev.ipvm.bench.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The payload shapes the codec benchmarks measure, built deterministically (fixed seed) so
 * the benchmark and {@code bench.report.CodecReport} see the same bytes.
 *
 * <ul>
 *   <li>{@code small}: one UCAN-invocation-like map (iss/sub/aud DIDs, cmd, args, a 12-byte
 *       nonce, exp, and two proof links) of a few hundred bytes;
 *   <li>{@code medium}: a list of 200 such maps, each with its own nonce, args and proofs;
 *   <li>{@code bytes}: a map holding one 1 MiB byte string plus a few small fields and a link.
 * </ul>
 *
 * <p>The Jackson anchor gets the equivalent {@link JsonNode} tree: same keys in the same
 * (DAG-CBOR canonical) order, same integers, strings and byte strings. Jackson's tree model
 * has no node for CBOR tag 42, so each link becomes a 37-byte binary node holding exactly what
 * DAG-CBOR puts under the tag ({@code 0x00} followed by the 36-byte CIDv1); the Jackson
 * encoding is therefore 2 bytes per link shorter (the missing {@code d8 2a} tag head).
 */
public final class CodecPayloads {
  /** The shape names, as the benchmark's {@code @Param} values. */
  public static final String SMALL = "small";
  public static final String MEDIUM = "medium";
  public static final String BYTES = "bytes";

  /** Jackson's plain CBOR mapper, as an application would create it. */
  public static final ObjectMapper JACKSON = new ObjectMapper(new CBORFactory());

  private static final String ISS = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
  private static final String SUB = "did:key:z6MkrZ1r5XBFZjBU34qyD8fueMbMRkKw17BZaq2ivKFjnz2z";
  private static final String AUD = "did:key:z6MkuFj35aiTL7YQiVMobuSeUQju92g7wZzufS3HAc6NFFcQ";

  private CodecPayloads() {}

  /** Our IPLD value for {@code shape}. */
  public static Ipld ipld(String shape) {
    SplittableRandom rnd = new SplittableRandom(0x1d1dL);
    return switch (shape) {
      case SMALL -> invocation(0, rnd);
      case MEDIUM -> {
        ArrayList<Ipld> items = new ArrayList<>(200);
        for (int i = 0; i < 200; i++) {
          items.add(invocation(i, rnd));
        }
        yield new Ipld.List(items);
      }
      case BYTES -> {
        byte[] data = new byte[1 << 20];
        rnd.nextBytes(data);
        yield Ipld.Map.builder()
            .put("name", "input.bin")
            .put("size", data.length)
            .put("codec", "raw")
            .put("data", Ipld.Bytes.wrap(data))
            .put("src", Ipld.link(Cid.of(Multicodec.RAW, data)))
            .build();
      }
      default -> throw new IllegalArgumentException("unknown shape '" + shape + "' (small, medium, bytes)");
    };
  }

  /** A UCAN-invocation-like map: the fields a real one carries, without the signature envelope. */
  private static Ipld.Map invocation(int i, SplittableRandom rnd) {
    byte[] nonce = new byte[12];
    rnd.nextBytes(nonce);
    return Ipld.Map.builder()
        .put("iss", ISS)
        .put("sub", SUB)
        .put("aud", AUD)
        .put("cmd", "/wasm/run")
        .put("args", Ipld.Map.builder()
            .put("func", "add")
            .put("a", rnd.nextInt(1_000_000))
            .put("b", rnd.nextInt(100_000))
            .put("mode", "strict")
            .put("retries", 3)
            .build())
        .put("nonce", Ipld.Bytes.wrap(nonce))
        .put("exp", 1_767_225_600L + i)
        .put("prf", Ipld.list(proof(i, 0), proof(i, 1)))
        .build();
  }

  private static Ipld.Link proof(int i, int j) {
    byte[] seed = ("delegation-" + i + "-" + j).getBytes(StandardCharsets.UTF_8);
    return Ipld.link(Cid.of(Multicodec.DAG_CBOR, seed));
  }

  /** The equivalent Jackson tree for {@code value} (links as 37-byte binary nodes). */
  public static JsonNode jackson(Ipld value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value.kind()) {
      case NULL -> f.nullNode();
      case BOOL -> f.booleanNode(((Ipld.Bool) value).value());
      case INT -> {
        Ipld.Int i = (Ipld.Int) value;
        yield i.fitsLong() ? f.numberNode(i.longValue()) : f.numberNode(i.bigValue());
      }
      case FLOAT -> f.numberNode(((Ipld.Float) value).value());
      case STRING -> f.textNode(((Ipld.Text) value).value());
      case BYTES -> f.binaryNode(((Ipld.Bytes) value).toByteArray());
      case LIST -> {
        ArrayNode a = f.arrayNode(((Ipld.List) value).size());
        for (Ipld item : ((Ipld.List) value).items()) {
          a.add(jackson(item));
        }
        yield a;
      }
      case MAP -> {
        ObjectNode o = f.objectNode();
        for (Map.Entry<String, Ipld> e : ((Ipld.Map) value).entries().entrySet()) {
          o.set(e.getKey(), jackson(e.getValue()));
        }
        yield o;
      }
      case LINK -> {
        Cid cid = ((Ipld.Link) value).cid();
        byte[] b = new byte[1 + cid.byteLength()];
        cid.copyTo(b, 1); // b[0] = 0x00, the identity multibase prefix DAG-CBOR writes
        yield f.binaryNode(b);
      }
    };
  }

  /** Our DAG-CBOR encoding of {@code shape}. */
  public static byte[] oursBytes(String shape) {
    return DagCbor.encode(ipld(shape));
  }

  /** Jackson's CBOR encoding of the equivalent tree. */
  public static byte[] jacksonBytes(String shape) {
    try {
      return JACKSON.writeValueAsBytes(jackson(ipld(shape)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
