package dev.ipvm.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The CIDs a receipt's {@code out} produced: its {@code ok} value's own CID, every byte string in
 * it as a raw block (so an image a function returned is found by the CID of its file, {@code ipvm
 * dag cid --codec raw}), and every link inside {@code out}. The receipt index (index/) files
 * receipts under them; {@code ipvm receipt produced} matches them when it scans the topic.
 */
public final class OutputCids {
  private OutputCids() {}

  /**
   * For {@code {ok: v}}: the CID of v (DAG-CBOR, sha2-256), then in order each link in v and each
   * byte string in v as a raw block (sha2-256); for {@code {error: e}}: each link in e. No repeats.
   */
  public static Set<Cid> of(Outcome out) {
    Set<Cid> cids = new LinkedHashSet<>();
    if (out instanceof Outcome.Ok ok) {
      cids.add(DagCbor.cid(ok.value()));
      walk(ok.value(), cids, true);
    } else if (out instanceof Outcome.Error error) {
      walk(error.value(), cids, false);
    }
    return cids;
  }

  private static void walk(Ipld value, Set<Cid> into, boolean bytes) {
    if (value instanceof Ipld.Link l) {
      into.add(l.cid());
    } else if (bytes && value instanceof Ipld.Bytes b) {
      into.add(Cid.of(Multicodec.RAW, b.toByteArray()));
    } else if (value instanceof Ipld.List l) {
      l.items().forEach(item -> walk(item, into, bytes));
    } else if (value instanceof Ipld.Map m) {
      for (int i = 0; i < m.size(); i++) {
        walk(m.value(i), into, bytes);
      }
    }
  }
}
