package dev.ipvm.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.List;

/**
 * A receipt's {@code fx}: tasks the executed task asks to run next. {@code fork} run
 * concurrently; {@code join}, when present, continues the computation.
 */
public record Effects(List<Cid> fork, Cid join) {
  public static final Effects NONE = new Effects(List.of(), null);

  public Effects {
    fork = List.copyOf(fork);
  }

  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("fork", Ipld.links(fork))
        .putIfPresent("join", join == null ? null : Ipld.link(join))
        .build();
  }

  static Effects fromIpld(Ipld value) {
    if (!(value instanceof Ipld.Map m) || !(m.get("fork") instanceof Ipld.List forks)) {
      throw new IllegalArgumentException("must be {fork: [&Task], join?: &Task}");
    }
    List<Cid> fork = new ArrayList<>();
    for (Ipld f : forks.items()) {
      if (!(f instanceof Ipld.Link l)) {
        throw new IllegalArgumentException("fork must hold only links");
      }
      fork.add(l.cid());
    }
    Ipld join = m.get("join");
    if (join != null && !(join instanceof Ipld.Link)) {
      throw new IllegalArgumentException("join must be a link");
    }
    if (m.size() > (join == null ? 1 : 2)) {
      throw new IllegalArgumentException("has fields other than fork and join");
    }
    return new Effects(fork, join == null ? null : ((Ipld.Link) join).cid());
  }
}
