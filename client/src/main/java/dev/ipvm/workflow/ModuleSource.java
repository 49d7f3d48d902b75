package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.nio.file.Path;

/** Where a task's module comes from, as the document gives it ({@code run.mod}, or a Homestar {@code rsc}). */
public sealed interface ModuleSource {
  /** The value of {@code args.mod}. */
  Ipld toIpld();

  /** A link to a raw block, published beforehand ({@code ipvm put}). */
  record Linked(Cid cid) implements ModuleSource {
    @Override
    public Ipld toIpld() {
      return Ipld.link(cid);
    }
  }

  /** A {@code data:application/wasm;base64,...} URI, kept as written. */
  record DataUri(String uri) implements ModuleSource {
    @Override
    public Ipld toIpld() {
      return Ipld.text(uri);
    }
  }

  /**
   * A .wasm file, which the client publishes to the blocks topic; {@code args.mod} links it.
   *
   * @param path the file, resolved against the document's folder
   */
  record File(Path path, byte[] bytes, Cid cid) implements ModuleSource {
    @Override
    public Ipld toIpld() {
      return Ipld.link(cid);
    }
  }
}
