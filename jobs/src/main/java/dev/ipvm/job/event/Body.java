package dev.ipvm.job.event;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Limits;
import java.time.Duration;

/** Reads fields of the job's own DAG-CBOR bodies; a missing or mistyped field is a bug or a corrupt record. */
public final class Body {
  private final Ipld.Map map;
  private final String what;

  public Body(Ipld value, String what) {
    if (!(value instanceof Ipld.Map m)) {
      throw new IllegalArgumentException(what + " must be a map");
    }
    this.map = m;
    this.what = what;
  }

  public Ipld any(String key) {
    Ipld v = map.get(key);
    if (v == null) {
      throw new IllegalArgumentException(what + " has no '" + key + "'");
    }
    return v;
  }

  public Ipld optional(String key) {
    return map.get(key);
  }

  public Cid link(String key) {
    if (!(any(key) instanceof Ipld.Link l)) {
      throw new IllegalArgumentException(what + "." + key + " must be a link");
    }
    return l.cid();
  }

  public Cid optionalLink(String key) {
    return map.get(key) == null ? null : link(key);
  }

  public String text(String key) {
    if (!(any(key) instanceof Ipld.Text t)) {
      throw new IllegalArgumentException(what + "." + key + " must be a string");
    }
    return t.value();
  }

  public long integer(String key) {
    if (!(any(key) instanceof Ipld.Int i) || !i.fitsLong()) {
      throw new IllegalArgumentException(what + "." + key + " must be an integer");
    }
    return i.longValue();
  }

  public Ipld.Map map(String key) {
    if (!(any(key) instanceof Ipld.Map m)) {
      throw new IllegalArgumentException(what + "." + key + " must be a map");
    }
    return m;
  }

  /** Limits with their time in milliseconds. */
  public Limits limits(String key) {
    Body l = new Body(map(key), what + "." + key);
    return new Limits(l.integer("fuel"), l.integer("memory"), Duration.ofMillis(l.integer("time")),
        (int) l.integer("output"));
  }

  public static Ipld.Map limits(Limits l) {
    return Ipld.Map.builder()
        .put("fuel", l.fuel())
        .put("memory", l.memoryBytes())
        .put("time", l.time().toMillis())
        .put("output", l.outputBytes())
        .build();
  }
}
