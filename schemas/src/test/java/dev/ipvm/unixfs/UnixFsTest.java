package dev.ipvm.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnixFsTest {
  private static final int CHUNK = UnixFs.CHUNK_SIZE;

  /** The vectors' content: byte i = (i * 31 + 7) & 0xff (see make-vectors.mjs). */
  static byte[] content(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((i * 31 + 7) & 0xff);
    }
    return b;
  }

  static Stream<Arguments> vectors() throws IOException {
    try (InputStream in =
        UnixFsTest.class.getResourceAsStream("/vectors/unixfs/kubo-v1-raw-leaves.json")) {
      JsonNode json = new ObjectMapper().readTree(in);
      List<Arguments> out = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(Arguments.of(Integer.parseInt(e.getKey()), e.getValue().asText()));
      }
      assertThat(out).hasSize(8);
      return out.stream();
    }
  }

  private static Map<Cid, byte[]> store(UnixFs.Imported imported) {
    Map<Cid, byte[]> m = new HashMap<>();
    for (UnixFs.Block b : imported.blocks()) {
      m.put(b.cid(), b.bytes());
    }
    return m;
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @MethodSource("vectors")
  void rootMatchesKuboAndReassembles(int size, String expected) {
    byte[] data = content(size);
    UnixFs.Imported imported = UnixFs.importFile(data);
    assertThat(imported.root().toString()).isEqualTo(expected);
    assertThat(imported.size()).isEqualTo(size);
    assertThat(imported.blocks().get(imported.blocks().size() - 1).cid())
        .isEqualTo(imported.root());
    assertThat(UnixFs.reassemble(imported.root(), store(imported)::get)).isEqualTo(data);
  }

  @Test
  void streamingImportGivesTheSameRootAndBlocks() {
    byte[] data = content(3 * CHUNK + 5);
    List<UnixFs.Block> seen = new ArrayList<>();
    Cid root = UnixFs.importFile(new ByteArrayInputStream(data), seen::add);
    UnixFs.Imported imported = UnixFs.importFile(data);
    assertThat(root).isEqualTo(imported.root());
    assertThat(seen).extracting(UnixFs.Block::cid)
        .containsExactlyElementsOf(imported.blocks().stream().map(UnixFs.Block::cid).toList());
    assertThat(seen).hasSize(5); // four raw leaves and the root
  }

  @Test
  void aOneChunkFileIsItsRawBlock() {
    byte[] data = content(CHUNK);
    UnixFs.Imported imported = UnixFs.importFile(data);
    assertThat(imported.root()).isEqualTo(Cid.of(Multicodec.RAW, data));
    assertThat(imported.blocks()).hasSize(1);
  }

  @Test
  void aSecondLevelAppearsAfter174Chunks() {
    UnixFs.Imported imported = UnixFs.importFile(content(174 * CHUNK + 1));
    // 175 leaves, a full node, a one-link node, and the root
    assertThat(imported.blocks()).hasSize(178);
    DagPb.Node root = DagPb.decode(imported.blocks().get(177).bytes());
    assertThat(root.links()).hasSize(2);
    assertThat(root.links()).allSatisfy(l -> assertThat(l.name()).isEmpty());
    long tsize = 0;
    for (UnixFs.Block b : imported.blocks().subList(0, 177)) {
      tsize += b.bytes().length;
    }
    assertThat(root.links().get(0).tsize() + root.links().get(1).tsize()).isEqualTo(tsize);
  }

  @Test
  void randomSizesRoundTrip() {
    Random random = new Random(20261124L);
    int[] sizes = {2, CHUNK * 2, CHUNK * 2 - 1, CHUNK * 5 + 17, random.nextInt(CHUNK),
        random.nextInt(CHUNK * 8), random.nextInt(CHUNK * 8), random.nextInt(CHUNK * 30)};
    for (int size : sizes) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      UnixFs.Imported imported = UnixFs.importFile(data);
      assertThat(UnixFs.reassemble(imported.root(), store(imported)::get))
          .as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void aCorruptedBlockFails() {
    UnixFs.Imported imported = UnixFs.importFile(content(2 * CHUNK + 3));
    Map<Cid, byte[]> blocks = store(imported);
    Cid leaf = imported.blocks().get(1).cid();
    byte[] bad = blocks.get(leaf).clone();
    bad[10] ^= 1;
    blocks.put(leaf, bad);
    assertThatThrownBy(() -> UnixFs.reassemble(imported.root(), blocks::get))
        .isInstanceOf(UnixFsException.class)
        .hasMessageContaining("block " + leaf)
        .hasMessageContaining("does not match its CID");
  }

  @Test
  void aMissingBlockFails() {
    UnixFs.Imported imported = UnixFs.importFile(content(2 * CHUNK + 3));
    Map<Cid, byte[]> blocks = store(imported);
    Cid leaf = imported.blocks().get(2).cid();
    blocks.remove(leaf);
    assertThatThrownBy(() -> UnixFs.reassemble(imported.root(), blocks::get))
        .isInstanceOf(UnixFsException.class)
        .hasMessageContaining("missing block " + leaf)
        .hasMessageContaining("link 2 of " + imported.root());
  }

  @Test
  void aWrongCidFails() {
    UnixFs.Imported imported = UnixFs.importFile(content(2 * CHUNK + 3));
    Map<Cid, byte[]> blocks = store(imported);
    Cid other = Cid.of(Multicodec.DAG_PB, new byte[] {1, 2, 3});
    byte[] rootBlock = blocks.get(imported.root());
    assertThatThrownBy(() -> UnixFs.reassemble(other, c -> rootBlock))
        .isInstanceOf(UnixFsException.class)
        .hasMessageContaining("block " + other + " (root) does not match its CID");
  }

  @Test
  void aNonFileNodeFails() {
    // a UnixFS directory (Type 1) with no links
    byte[] dir = DagPb.encode(List.of(), new byte[] {0x08, 0x01});
    Cid cid = Cid.of(Multicodec.DAG_PB, dir);
    assertThatThrownBy(() -> UnixFs.reassemble(cid, c -> dir))
        .isInstanceOf(UnixFsException.class)
        .hasMessageContaining("is not a UnixFS file (Type 1)");
    byte[] cbor = {(byte) 0xa0};
    Cid cborCid = Cid.of(Multicodec.DAG_CBOR, cbor);
    assertThatThrownBy(() -> UnixFs.reassemble(cborCid, c -> cbor))
        .hasMessageContaining("is dag-cbor, not raw or dag-pb");
  }

  @Test
  void sizesThatDisagreeFail() {
    byte[] a = content(10);
    Cid leaf = Cid.of(Multicodec.RAW, a);
    // blocksize says 11 for a 10-byte leaf; filesize agrees with blocksizes
    byte[] node = DagPb.encode(List.of(new DagPb.Link(leaf, "", 10)),
        UnixFsData.encodeFile(11, List.of(11L)));
    Cid root = Cid.of(Multicodec.DAG_PB, node);
    Map<Cid, byte[]> blocks = Map.of(leaf, a, root, node);
    assertThatThrownBy(() -> UnixFs.reassemble(root, blocks::get))
        .isInstanceOf(UnixFsException.class)
        .hasMessageContaining("holds 10 file bytes but its parent's blocksize says 11");
    byte[] node2 = DagPb.encode(List.of(new DagPb.Link(leaf, "", 10)),
        UnixFsData.encodeFile(12, List.of(10L)));
    Cid root2 = Cid.of(Multicodec.DAG_PB, node2);
    assertThatThrownBy(() -> UnixFs.reassemble(root2, Map.of(leaf, a, root2, node2)::get))
        .hasMessageContaining("says filesize 12 but its data and blocksizes add up to 10");
    byte[] node3 = DagPb.encode(List.of(new DagPb.Link(leaf, "", 10)),
        UnixFsData.encodeFile(10, List.of()));
    Cid root3 = Cid.of(Multicodec.DAG_PB, node3);
    assertThatThrownBy(() -> UnixFs.reassemble(root3, Map.of(leaf, a, root3, node3)::get))
        .hasMessageContaining("has 1 links but 0 blocksizes");
  }

  @Test
  void dagPbDecodingIsStrict() {
    byte[] dataFirst = {0x0a, 0x02, 0x08, 0x02, 0x12, 0x00};
    assertThatThrownBy(() -> DagPb.decode(dataFirst)).hasMessageContaining("a Link after Data");
    assertThatThrownBy(() -> DagPb.decode(new byte[] {0x1a, 0x00}))
        .hasMessageContaining("unexpected field 3");
    assertThatThrownBy(() -> DagPb.decode(new byte[] {0x0a, 0x05, 0x01}))
        .hasMessageContaining("claims 5 bytes");
  }
}
