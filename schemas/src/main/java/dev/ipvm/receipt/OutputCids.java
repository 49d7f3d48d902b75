package dev.ipvm.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The CIDs a receipt's {@code out} produced: its {@code ok} value's own CID, and every link inside
 * {@code out}. The receipt index (index/) files receipts under them; {@code ipvm receipt produced}
 * matches them when it scans the topic.
 */
public final class OutputCids {
  private OutputCids() {}

  /**
   * For {@code {ok: v}}: the CID of v (DAG-CBOR, sha2-256), then each link in v; for
   * {@code {error: e}}: each link in e. No repeats.
   */
  public static Set<Cid> of(Outcome out) {
    Set<Cid> cids = new LinkedHashSet<>();
    if (out instanceof Outcome.Ok ok) {
      cids.add(DagCbor.cid(ok.value()));
      links(ok.value(), cids);
    } else if (out instanceof Outcome.Error error) {
      links(error.value(), cids);
    }
    return cids;
  }

  private static void links(Ipld value, Set<Cid> into) {
    if (value instanceof Ipld.Link l) {
      into.add(l.cid());
    } else if (value instanceof Ipld.List l) {
      l.items().forEach(item -> links(item, into));
    } else if (value instanceof Ipld.Map m) {
      for (int i = 0; i < m.size(); i++) {
        links(m.value(i), into);
      }
    }
  }
}
