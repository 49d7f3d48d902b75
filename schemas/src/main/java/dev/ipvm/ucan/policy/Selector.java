package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;
import java.util.List;

/**
 * A parsed selector (delegation spec, "Selectors"): a path into the invocation's {@code args}, or,
 * inside {@code all}/{@code any}, into the element at hand. {@link #text()} is the source, kept
 * verbatim so a policy re-encodes to the bytes it came from.
 *
 * <p>Segments resolve left to right. A step that cannot be resolved ends the selection at once,
 * even when a later segment is optional, as the spec requires; an optional step ({@code ?}) that
 * cannot be resolved yields IPLD null and selection goes on from there.
 */
record Selector(String text, List<Segment> segments) {
  Selector {
    segments = List.copyOf(segments);
  }

  /** @throws PolicyException BAD_SELECTOR on bad syntax, TOO_LARGE over {@code maxLength} */
  static Selector parse(String text, int maxLength) {
    return new SelectorParser(text, maxLength).parse();
  }

  /** The selected value, or Java null when the selector cannot be resolved against {@code root}. */
  Ipld select(Ipld root) {
    Ipld cur = root;
    for (Segment s : segments) {
      Ipld next = s.step(cur);
      if (next == null) {
        if (!s.optional()) {
          return null;
        }
        next = Ipld.NULL;
      }
      cur = next;
    }
    return cur;
  }

  /** Why {@link #select} returns null on {@code root}: the failing prefix and its reason. */
  String whyUnresolved(Ipld root) {
    StringBuilder prefix = new StringBuilder();
    Ipld cur = root;
    for (Segment s : segments) {
      prefix.append(s.text());
      Ipld next = s.step(cur);
      if (next == null) {
        if (!s.optional()) {
          return "selector " + text + " does not resolve at " + prefix + ": " + s.failure(cur);
        }
        next = Ipld.NULL;
      }
      cur = next;
    }
    return "selector " + text + " resolves";
  }

  @Override
  public String toString() {
    return text;
  }
}
