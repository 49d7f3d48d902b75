package dev.ipvm.bench.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DAG-CBOR encode, strict decode and CID computation against plain Jackson CBOR on the
 * same values ({@link CodecPayloads}). Scores are ops/s; {@code bench.report.CodecReport}
 * turns them into MB/s with each side's encoded size.
 *
 * <ul>
 *   <li>{@code oursEncode}: {@link Ipld} → canonical DAG-CBOR bytes;
 *   <li>{@code oursDecode}: bytes → {@link Ipld} with every strictness rule checked;
 *   <li>{@code oursCid}: sha2-256 CIDv1 (dag-cbor) of the already-encoded bytes;
 *   <li>{@code jacksonEncode}/{@code jacksonDecode}: {@code new ObjectMapper(new CBORFactory())}
 *       writing the equivalent {@link JsonNode} tree to bytes and reading it back as a tree.
 * </ul>
 *
 * <p>The forked JVM gets a fixed 2 GiB heap so heap resizing does not land inside a
 * measurement; the 1 MiB arrays of the {@code bytes} shape are G1 humongous objects on
 * both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DagCborBench {

  @Param({CodecPayloads.SMALL, CodecPayloads.MEDIUM, CodecPayloads.BYTES})
  public String shape;

  private Ipld value;
  private byte[] encoded;
  private ObjectMapper jackson;
  private JsonNode tree;
  private byte[] jacksonEncoded;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    value = CodecPayloads.ipld(shape);
    encoded = DagCbor.encode(value);
    jackson = CodecPayloads.JACKSON;
    tree = CodecPayloads.jackson(value);
    jacksonEncoded = jackson.writeValueAsBytes(tree);

    // Both sides must round-trip what they are timed on, or the comparison means nothing.
    if (!DagCbor.decode(encoded).equals(value)) {
      throw new IllegalStateException("DAG-CBOR round trip changed the " + shape + " value");
    }
    if (!Arrays.equals(jackson.writeValueAsBytes(jackson.readTree(jacksonEncoded)), jacksonEncoded)) {
      throw new IllegalStateException("Jackson round trip changed the " + shape + " bytes");
    }
    System.out.printf("%n[codec] shape=%s dag-cbor=%d bytes jackson-cbor=%d bytes%n",
        shape, encoded.length, jacksonEncoded.length);
  }

  @Benchmark
  public byte[] oursEncode() {
    return DagCbor.encode(value);
  }

  @Benchmark
  public Ipld oursDecode() {
    return DagCbor.decode(encoded);
  }

  @Benchmark
  public Cid oursCid() {
    return Cid.of(Multicodec.DAG_CBOR, encoded);
  }

  @Benchmark
  public byte[] jacksonEncode() throws IOException {
    return jackson.writeValueAsBytes(tree);
  }

  @Benchmark
  public JsonNode jacksonDecode() throws IOException {
    return jackson.readTree(jacksonEncoded);
  }
}
