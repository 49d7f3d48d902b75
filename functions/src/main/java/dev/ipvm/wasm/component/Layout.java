package dev.ipvm.wasm.component;

import java.util.ArrayList;
import java.util.List;

/**
 * A WIT type's canonical ABI layout, computed once when the type is read: its size and alignment
 * in linear memory, its flattening (null when longer than {@link #MAX_FLAT}, which is all the
 * ABI needs to know then), and its nesting depth.
 *
 * @param size bytes in memory
 * @param align alignment in bytes (1, 2, 4 or 8)
 * @param flat the core values it flattens to, or null if more than {@link #MAX_FLAT}
 * @param depth nesting depth (1 for a primitive)
 * @param unsupported the first type within that the runtime cannot pass, or null
 */
public record Layout(long size, int align, List<FlatType> flat, int depth, String unsupported) {
  /** MAX_FLAT_PARAMS of the canonical ABI; a longer flattening is never needed in full. */
  public static final int MAX_FLAT = 16;

  static Layout primitive(int size, FlatType flat) {
    return new Layout(size, size, List.of(flat), 1, null);
  }

  static long alignTo(long offset, int align) {
    return (offset + align - 1) / align * align;
  }

  /** Fields laid out one after another, each at its alignment (records and tuples). */
  static Layout sequence(List<Layout> fields) {
    long size = 0;
    int align = 1;
    List<FlatType> flat = new ArrayList<>();
    int depth = 0;
    String unsupported = null;
    for (Layout f : fields) {
      unsupported = unsupported != null ? unsupported : f.unsupported;
      size = alignTo(size, f.align) + f.size;
      align = Math.max(align, f.align);
      flat = concat(flat, f.flat);
      depth = Math.max(depth, f.depth);
    }
    return new Layout(alignTo(size, align), align, flat, depth + 1, unsupported);
  }

  /** A discriminant followed by the largest case's payload (variants, enums, options, results). */
  static Layout variant(List<Layout> cases) {
    int discSize = discriminantSize(cases.size());
    int caseAlign = 1;
    long caseSize = 0;
    List<FlatType> joined = new ArrayList<>();
    int depth = 0;
    String unsupported = null;
    for (Layout c : cases) {
      if (c == null) {
        continue;
      }
      unsupported = unsupported != null ? unsupported : c.unsupported;
      caseAlign = Math.max(caseAlign, c.align);
      caseSize = Math.max(caseSize, c.size);
      depth = Math.max(depth, c.depth);
      if (joined != null) {
        if (c.flat == null) {
          joined = null;
        } else {
          for (int i = 0; i < c.flat.size(); i++) {
            if (i < joined.size()) {
              joined.set(i, FlatType.join(joined.get(i), c.flat.get(i)));
            } else {
              joined.add(c.flat.get(i));
            }
          }
        }
      }
    }
    int align = Math.max(discSize, caseAlign);
    long size = alignTo(alignTo(discSize, caseAlign) + caseSize, align);
    List<FlatType> flat = joined == null ? null : concat(new ArrayList<>(List.of(FlatType.I32)), joined);
    return new Layout(size, align, flat, depth + 1, unsupported);
  }

  static Layout flags(int count) {
    if (count <= 8) {
      return new Layout(1, 1, List.of(FlatType.I32), 1, null);
    }
    if (count <= 16) {
      return new Layout(2, 2, List.of(FlatType.I32), 1, null);
    }
    int words = (count + 31) / 32;
    List<FlatType> flat = words > MAX_FLAT ? null : java.util.Collections.nCopies(words, FlatType.I32);
    return new Layout(4L * words, 4, flat, 1, null);
  }

  /** Bytes of the discriminant of a variant with this many cases. */
  static int discriminantSize(int cases) {
    return cases <= 256 ? 1 : cases <= 65_536 ? 2 : 4;
  }

  /** Offset of the payload in a variant with these cases. */
  static long payloadOffset(List<Layout> cases) {
    int caseAlign = 1;
    for (Layout c : cases) {
      if (c != null) {
        caseAlign = Math.max(caseAlign, c.align);
      }
    }
    return alignTo(discriminantSize(cases.size()), caseAlign);
  }

  private static List<FlatType> concat(List<FlatType> a, List<FlatType> b) {
    if (a == null || b == null || a.size() + b.size() > MAX_FLAT) {
      return null;
    }
    List<FlatType> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The flattening of several values in a row (a function's params), or null past the limit. */
  static List<FlatType> flatten(List<Layout> values) {
    List<FlatType> out = new ArrayList<>();
    for (Layout v : values) {
      out = concat(out, v.flat);
    }
    return out;
  }
}
