package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;

/**
 * One step of a {@link Selector}. {@link #step} returns the value the step reaches, or Java
 * {@code null} when the step cannot be resolved (the selector then fails, or yields IPLD null when
 * the step is {@link #optional()}). Each segment keeps its source {@link #text()} for messages.
 */
sealed interface Segment
    permits Segment.Identity, Segment.Field, Segment.Index, Segment.Slice, Segment.Iterate {

  boolean optional();

  String text();

  /** The value reached from {@code cur}, or null when this step cannot be resolved there. */
  Ipld step(Ipld cur);

  /** Why {@link #step} returned null on {@code cur}, for violation messages. */
  String failure(Ipld cur);

  /** {@code .}: the value itself. */
  record Identity(boolean optional, String text) implements Segment {
    @Override
    public Ipld step(Ipld cur) {
      return cur;
    }

    @Override
    public String failure(Ipld cur) {
      return "identity never fails";
    }
  }

  /**
   * {@code .name} or {@code ["name"]}. A key missing from a map selects IPLD null, as the spec's
   * Validation section says ("selecting a missing key on a map MUST return null"); a field of
   * anything but a map cannot be resolved.
   */
  record Field(String name, boolean optional, String text) implements Segment {
    @Override
    public Ipld step(Ipld cur) {
      if (cur instanceof Ipld.Map m) {
        Ipld v = m.get(name);
        return v == null ? Ipld.NULL : v;
      }
      return null;
    }

    @Override
    public String failure(Ipld cur) {
      return "a field needs a map, found " + Values.kind(cur);
    }
  }

  /** {@code [i]}: the i-th element of a list or byte of bytes; negative counts from the end. */
  record Index(long index, boolean optional, String text) implements Segment {
    @Override
    public Ipld step(Ipld cur) {
      if (cur instanceof Ipld.List l) {
        int i = resolve(l.size());
        return i < 0 ? null : l.get(i);
      }
      if (cur instanceof Ipld.Bytes b) {
        int i = resolve(b.length());
        // the spec selects into bytes as [u8]: a byte is an unsigned integer
        return i < 0 ? null : Ipld.integer(b.get(i) & 0xff);
      }
      return null;
    }

    private int resolve(int size) {
      long i = index < 0 ? size + index : index;
      return i >= 0 && i < size ? (int) i : -1;
    }

    @Override
    public String failure(Ipld cur) {
      if (cur instanceof Ipld.List l) {
        return "index " + index + " is out of range for a list of " + l.size();
      }
      if (cur instanceof Ipld.Bytes b) {
        return "index " + index + " is out of range for " + b.length() + " bytes";
      }
      return "an index needs a list or bytes, found " + Values.kind(cur);
    }
  }

  /**
   * {@code [from:to]}, either bound optional (null): the elements of a list, or the bytes, from
   * {@code from} up to but not including {@code to}. As in jq, negative bounds count from the end
   * and bounds past either end are clamped, so a slice of a list or bytes always resolves.
   */
  record Slice(Long from, Long to, boolean optional, String text) implements Segment {
    @Override
    public Ipld step(Ipld cur) {
      if (cur instanceof Ipld.List l) {
        int start = bound(from, 0, l.size());
        int end = Math.max(start, bound(to, l.size(), l.size()));
        return new Ipld.List(l.items().subList(start, end));
      }
      if (cur instanceof Ipld.Bytes b) {
        int start = bound(from, 0, b.length());
        int end = Math.max(start, bound(to, b.length(), b.length()));
        byte[] out = new byte[end - start];
        for (int i = start; i < end; i++) {
          out[i - start] = b.get(i);
        }
        return Ipld.Bytes.wrap(out);
      }
      return null;
    }

    private static int bound(Long b, int absent, int size) {
      if (b == null) {
        return absent;
      }
      long i = b < 0 ? size + b : b;
      return (int) Math.max(0, Math.min(size, i));
    }

    @Override
    public String failure(Ipld cur) {
      return "a slice needs a list or bytes, found " + Values.kind(cur);
    }
  }

  /**
   * {@code []}: a list as it is, or a map's values in key order. The rest of the selector applies
   * to that list as a whole (a UCAN selector yields one value, not a jq stream).
   */
  record Iterate(boolean optional, String text) implements Segment {
    @Override
    public Ipld step(Ipld cur) {
      if (cur instanceof Ipld.List) {
        return cur;
      }
      if (cur instanceof Ipld.Map m) {
        ArrayList<Ipld> values = new ArrayList<>(m.size());
        for (int i = 0; i < m.size(); i++) {
          values.add(m.value(i));
        }
        return new Ipld.List(values);
      }
      return null;
    }

    @Override
    public String failure(Ipld cur) {
      return "[] needs a list or map, found " + Values.kind(cur);
    }
  }
}
