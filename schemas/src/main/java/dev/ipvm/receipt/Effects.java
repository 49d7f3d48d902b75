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
    List<Ipld> links = new ArrayList<>();
    for (Cid c : fork) {
      links.add(Ipld.link(c));
    }
    return Ipld.Map.builder()
        .put("fork", new Ipld.List(links))
        .putIfPresent("join", join == null ? null : Ipld.link(join))
        .build();
  }

  static Effects fromIpld(Ipld value) {
    if (!(value instanceof Ipld.Map m) || !(m.get("fork") instanceof Ipld.List forks)) {
      throw new IllegalArgumentException("receipt 'fx' must be {fork: [&Task], join?: &Task}");
    }
    List<Cid> fork = new ArrayList<>();
    for (Ipld f : forks.items()) {
      if (!(f instanceof Ipld.Link l)) {
        throw new IllegalArgumentException("receipt 'fx.fork' must hold only links");
      }
      fork.add(l.cid());
    }
    Ipld join = m.get("join");
    if (join != null && !(join instanceof Ipld.Link)) {
      throw new IllegalArgumentException("receipt 'fx.join' must be a link");
    }
    if (m.size() > (join == null ? 1 : 2)) {
      throw new IllegalArgumentException("receipt 'fx' has fields other than fork and join");
    }
    return new Effects(fork, join == null ? null : ((Ipld.Link) join).cid());
  }
}
