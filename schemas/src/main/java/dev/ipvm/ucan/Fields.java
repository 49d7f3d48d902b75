package dev.ipvm.ucan;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a payload map's fields, each failure an {@link UcanException} (INVALID_PAYLOAD)
 * naming the payload and the field. Shared by every payload type: invocations, delegations,
 * receipts.
 */
public final class Fields {
  private final Ipld.Map map;
  private final String what;

  public Fields(Ipld.Map map, String what) {
    this.map = map;
    this.what = what;
  }

  public UcanException invalid(String field, String problem) {
    return new UcanException(UcanException.Reason.INVALID_PAYLOAD, what + " field '" + field + "' " + problem);
  }

  private Ipld required(String field) {
    Ipld v = map.get(field);
    if (v == null) {
      throw invalid(field, "is required");
    }
    return v;
  }

  public String did(String field) {
    Ipld v = required(field);
    return didValue(field, v);
  }

  public String optionalDid(String field) {
    Ipld v = map.get(field);
    return v == null ? null : didValue(field, v);
  }

  /** A required field that may be null (UCAN's {@code sub} of a powerline delegation). */
  public String nullableDid(String field) {
    Ipld v = required(field);
    return v instanceof Ipld.Null ? null : didValue(field, v);
  }

  private String didValue(String field, Ipld v) {
    if (!(v instanceof Ipld.Text t)) {
      throw invalid(field, "must be a DID string, got " + Envelope.describe(v));
    }
    try {
      IssuerKeys.of(t.value()); // parses the did:key, once per DID (the same few DIDs sign most payloads)
    } catch (UcanException e) {
      throw invalid(field, "is not a usable DID: " + e.getMessage());
    }
    return t.value();
  }

  public String command(String field) {
    Ipld v = required(field);
    if (!(v instanceof Ipld.Text t)) {
      throw invalid(field, "must be a string, got " + Envelope.describe(v));
    }
    String problem = Command.problem(t.value());
    if (problem != null) {
      throw invalid(field, "is invalid: " + problem);
    }
    return t.value();
  }

  public Ipld.Map map(String field) {
    Ipld v = required(field);
    if (!(v instanceof Ipld.Map m)) {
      throw invalid(field, "must be a map, got " + Envelope.describe(v));
    }
    return m;
  }

  public Ipld.Map optionalMap(String field) {
    return map.containsKey(field) ? map(field) : null;
  }

  public Ipld.List list(String field) {
    Ipld v = required(field);
    if (!(v instanceof Ipld.List l)) {
      throw invalid(field, "must be a list, got " + Envelope.describe(v));
    }
    return l;
  }

  public List<Cid> links(String field) {
    List<Cid> out = new ArrayList<>();
    Ipld.List l = list(field);
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof Ipld.Link link)) {
        throw invalid(field, "element " + i + " must be a link, got " + Envelope.describe(l.get(i)));
      }
      out.add(link.cid());
    }
    return out;
  }

  /** Any value, present. */
  public Ipld any(String field) {
    return required(field);
  }

  public Cid link(String field) {
    Ipld v = required(field);
    if (!(v instanceof Ipld.Link link)) {
      throw invalid(field, "must be a link, got " + Envelope.describe(v));
    }
    return link.cid();
  }

  public Cid optionalLink(String field) {
    Ipld v = map.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Ipld.Link link)) {
      throw invalid(field, "must be a link, got " + Envelope.describe(v));
    }
    return link.cid();
  }

  public byte[] bytes(String field) {
    Ipld v = required(field);
    if (!(v instanceof Ipld.Bytes b)) {
      throw invalid(field, "must be bytes, got " + Envelope.describe(v));
    }
    return b.toByteArray();
  }

  /** A required integer that may be null (UCAN's {@code exp}). */
  public Long nullableTime(String field) {
    Ipld v = required(field);
    return v instanceof Ipld.Null ? null : time(field, v);
  }

  public Long optionalTime(String field) {
    Ipld v = map.get(field);
    return v == null ? null : time(field, v);
  }

  private Long time(String field, Ipld v) {
    if (!(v instanceof Ipld.Int i) || !i.fitsLong() || i.signum() < 0) {
      throw invalid(field, "must be a non-negative integer of seconds since the epoch, got " + v);
    }
    return i.longValue();
  }

  public void onlyKnown(java.util.Set<String> known) {
    for (String k : map.entries().keySet()) {
      if (!known.contains(k)) {
        throw invalid(k, "is not a field of " + what + " (known: " + known + ")");
      }
    }
  }
}
