package dev.ipvm.unixfs;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.CidFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * dag-pb (PBNode) blocks in their canonical encoding: every Link (field 2) before Data
 * (field 1); each PBLink writes Hash (1), Name (2, written even when empty, as kubo and
 * helia do) and Tsize (3).
 */
public final class DagPb {
  private DagPb() {}

  /** One link: the child's CID, its name, and the total encoded size of its subtree. */
  public record Link(Cid hash, String name, long tsize) {}

  /** A decoded node; {@code data} is null when the block has no Data field. */
  public record Node(List<Link> links, byte[] data) {}

  public static byte[] encode(List<Link> links, byte[] data) {
    Protobuf.Writer w = new Protobuf.Writer();
    for (Link link : links) {
      Protobuf.Writer l = new Protobuf.Writer()
          .bytesField(1, link.hash().toBytes())
          .bytesField(2, link.name().getBytes(StandardCharsets.UTF_8))
          .varintField(3, link.tsize());
      w.bytesField(2, l.toByteArray());
    }
    if (data != null) {
      w.bytesField(1, data);
    }
    return w.toByteArray();
  }

  /** Decodes strictly: only the fields above, Links before Data, at most one Data. */
  public static Node decode(byte[] block) {
    Protobuf.Reader r = new Protobuf.Reader(block, "dag-pb node");
    List<Link> links = new ArrayList<>();
    byte[] data = null;
    while (r.hasNext()) {
      r.next();
      if (r.field() == 2) {
        if (data != null) {
          throw r.error("a Link after Data (not canonical dag-pb)");
        }
        links.add(decodeLink(r.readBytes()));
      } else if (r.field() == 1) {
        if (data != null) {
          throw r.error("Data appears twice");
        }
        data = r.readBytes();
      } else {
        throw r.unexpected();
      }
    }
    return new Node(List.copyOf(links), data);
  }

  private static Link decodeLink(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "dag-pb link");
    Cid hash = null;
    String name = null;
    Long tsize = null;
    int last = 0;
    while (r.hasNext()) {
      r.next();
      if (r.field() <= last) {
        throw r.error("fields out of order or repeated (field " + r.field() + ")");
      }
      last = r.field();
      if (r.field() == 1) {
        try {
          hash = Cid.decode(r.readBytes());
        } catch (CidFormatException e) {
          throw r.error("bad Hash: " + e.getMessage());
        }
      } else if (r.field() == 2) {
        name = new String(r.readBytes(), StandardCharsets.UTF_8);
      } else if (r.field() == 3) {
        tsize = r.readVarint();
      } else {
        throw r.unexpected();
      }
    }
    if (hash == null) {
      throw r.error("a link without a Hash");
    }
    return new Link(hash, name == null ? "" : name, tsize == null ? -1 : tsize);
  }
}
