package dev.ipvm.unixfs;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * UnixFS files as {@code ipfs add --cid-version 1} (kubo's defaults) builds them: 262144-byte
 * fixed chunks, each a raw block; a file of one chunk (the empty file too) is that raw block;
 * otherwise a balanced tree of dag-pb nodes with at most 174 links each, built level by level
 * as helia's {@code balanced} layout does (every full or final partial group of 174 becomes a
 * node, until one node remains).
 */
public final class UnixFs {
  private UnixFs() {}

  public static final int CHUNK_SIZE = 262144;
  public static final int MAX_LINKS = 174;
  /** Deeper than any file that fits in 2^64 bytes; guards reassembly against cycles. */
  private static final int MAX_DEPTH = 16;

  /** A block: its CID and its bytes. */
  public record Block(Cid cid, byte[] bytes) {}

  /** A file's root CID, its size in bytes, and every block, children before their parents. */
  public record Imported(Cid root, long size, List<Block> blocks) {}

  public static Imported importFile(byte[] data) {
    return importFile(new ByteArrayInputStream(data));
  }

  public static Imported importFile(InputStream in) {
    List<Block> blocks = new ArrayList<>();
    Entry root = build(in, blocks::add);
    return new Imported(root.cid, root.fileSize, List.copyOf(blocks));
  }

  /**
   * Reads {@code in} to its end, hands each block to {@code sink} as soon as it is made
   * (children before parents; the root last), and returns the root CID. Only one chunk and
   * the pending links are held in memory.
   */
  public static Cid importFile(InputStream in, Consumer<Block> sink) {
    return build(in, sink).cid;
  }

  private static Entry build(InputStream in, Consumer<Block> sink) {
    List<List<Entry>> levels = new ArrayList<>(); // levels.get(k): pending entries at height k
    List<Boolean> flushed = new ArrayList<>(); // whether level k has ever made a parent
    levels.add(new ArrayList<>());
    flushed.add(false);
    boolean first = true;
    while (true) {
      byte[] chunk;
      try {
        chunk = in.readNBytes(CHUNK_SIZE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (chunk.length == 0 && !first) {
        break;
      }
      first = false;
      Cid cid = Cid.of(Multicodec.RAW, chunk);
      sink.accept(new Block(cid, chunk));
      add(levels, flushed, 0, new Entry(cid, chunk.length, chunk.length), sink);
      if (chunk.length < CHUNK_SIZE) {
        break;
      }
    }
    for (int k = 0; ; k++) {
      List<Entry> level = levels.get(k);
      boolean top = k == levels.size() - 1 && !flushed.get(k);
      if (top && level.size() == 1) {
        return level.get(0);
      }
      if (!level.isEmpty()) {
        Entry node = node(level, sink);
        level.clear();
        add(levels, flushed, k + 1, node, sink);
        flushed.set(k, true);
      }
    }
  }

  private static void add(List<List<Entry>> levels, List<Boolean> flushed, int k, Entry e,
      Consumer<Block> sink) {
    if (levels.size() == k) {
      levels.add(new ArrayList<>());
      flushed.add(false);
    }
    List<Entry> level = levels.get(k);
    level.add(e);
    if (level.size() == MAX_LINKS) {
      Entry node = node(level, sink);
      level.clear();
      flushed.set(k, true);
      add(levels, flushed, k + 1, node, sink);
    }
  }

  private static Entry node(List<Entry> children, Consumer<Block> sink) {
    List<DagPb.Link> links = new ArrayList<>(children.size());
    List<Long> sizes = new ArrayList<>(children.size());
    long fileSize = 0;
    long tsize = 0;
    for (Entry c : children) {
      links.add(new DagPb.Link(c.cid, "", c.tsize));
      sizes.add(c.fileSize);
      fileSize += c.fileSize;
      tsize += c.tsize;
    }
    byte[] block = DagPb.encode(links, UnixFsData.encodeFile(fileSize, sizes));
    Cid cid = Cid.of(Multicodec.DAG_PB, block);
    sink.accept(new Block(cid, block));
    return new Entry(cid, fileSize, tsize + block.length);
  }

  private record Entry(Cid cid, long fileSize, long tsize) {}

  /**
   * The file under {@code root}, read from blocks that {@code fetch} returns (null for a block
   * it does not have). Every block is checked against its CID.
   *
   * @throws UnixFsException for a missing or corrupt block, a node that is not a UnixFS file,
   *     or sizes that disagree
   */
  public static byte[] reassemble(Cid root, Function<Cid, byte[]> fetch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reassemble(root, fetch, out);
    return out.toByteArray();
  }

  /** As {@link #reassemble(Cid, Function)}, writing the file to {@code out}; returns its size. */
  public static long reassemble(Cid root, Function<Cid, byte[]> fetch, OutputStream out) {
    try {
      return read(root, fetch, out, 0, "root");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long read(Cid cid, Function<Cid, byte[]> fetch, OutputStream out, int depth,
      String where) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new UnixFsException("UnixFS tree deeper than " + MAX_DEPTH + " at " + cid);
    }
    byte[] block = fetch.apply(cid);
    if (block == null) {
      throw new UnixFsException("missing block " + cid + " (" + where + ")");
    }
    if (!cid.verifies(block)) {
      throw new UnixFsException("block " + cid + " (" + where + ") does not match its CID");
    }
    if (cid.codec() == Multicodec.RAW) {
      out.write(block);
      return block.length;
    }
    if (cid.codec() != Multicodec.DAG_PB) {
      throw new UnixFsException("block " + cid + " (" + where + ") is "
          + Multicodec.name(cid.codec()) + ", not raw or dag-pb");
    }
    DagPb.Node node;
    UnixFsData data;
    try {
      node = DagPb.decode(block);
      if (node.data() == null) {
        throw new UnixFsException("dag-pb node has no UnixFS Data");
      }
      data = UnixFsData.decode(node.data());
    } catch (UnixFsException e) {
      throw new UnixFsException("block " + cid + " (" + where + "): " + e.getMessage());
    }
    if (data.type() != UnixFsData.TYPE_FILE && data.type() != UnixFsData.TYPE_RAW) {
      throw new UnixFsException("block " + cid + " (" + where + ") is not a UnixFS file (Type "
          + data.type() + ")");
    }
    if (data.blockSizes().size() != node.links().size()) {
      throw new UnixFsException("block " + cid + " (" + where + ") has " + node.links().size()
          + " links but " + data.blockSizes().size() + " blocksizes");
    }
    long total = data.data().length;
    for (long s : data.blockSizes()) {
      total += s;
    }
    if (data.fileSize() >= 0 && data.fileSize() != total) {
      throw new UnixFsException("block " + cid + " (" + where + ") says filesize "
          + data.fileSize() + " but its data and blocksizes add up to " + total);
    }
    out.write(data.data());
    for (int i = 0; i < node.links().size(); i++) {
      Cid child = node.links().get(i).hash();
      long expected = data.blockSizes().get(i);
      long got = read(child, fetch, out, depth + 1, "link " + i + " of " + cid);
      if (got != expected) {
        throw new UnixFsException("block " + child + " (link " + i + " of " + cid + ") holds "
            + got + " file bytes but its parent's blocksize says " + expected);
      }
    }
    return total;
  }
}
