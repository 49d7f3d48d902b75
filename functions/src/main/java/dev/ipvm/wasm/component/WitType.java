package dev.ipvm.wasm.component;

import java.util.ArrayList;
import java.util.List;

/**
 * A WIT value type as a {@code component-type} section defines it, with its canonical ABI
 * {@link Layout}. Types refer only to types defined before them, so there are no cycles.
 */
public sealed interface WitType {
  Layout layout();

  /** A description for messages, cut short: types may share parts, so a full one can be huge. */
  static String describe(WitType t) {
    StringBuilder b = new StringBuilder();
    describe(t, b);
    return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
  }

  private static void describe(WitType t, StringBuilder b) {
    if (b.length() > 200) {
      return;
    }
    if (t == null) {
      b.append('_');
    } else if (t instanceof Prim p) {
      b.append(p.kind().name().toLowerCase(java.util.Locale.ROOT));
    } else if (t instanceof ListOf l) {
      b.append("list<");
      describe(l.element(), b);
      b.append('>');
    } else if (t instanceof Record r) {
      b.append("record {");
      for (int i = 0; i < r.fields().size() && b.length() <= 200; i++) {
        b.append(i == 0 ? "" : ", ").append(r.fields().get(i).name()).append(": ");
        describe(r.fields().get(i).type(), b);
      }
      b.append('}');
    } else if (t instanceof Tuple u) {
      b.append("tuple<");
      for (int i = 0; i < u.types().size() && b.length() <= 200; i++) {
        b.append(i == 0 ? "" : ", ");
        describe(u.types().get(i), b);
      }
      b.append('>');
    } else if (t instanceof Variant v) {
      switch (v.sum()) {
        case OPTION -> {
          b.append("option<");
          describe(v.cases().get(1).type(), b);
          b.append('>');
        }
        case RESULT -> {
          b.append("result<");
          describe(v.cases().get(0).type(), b);
          b.append(", ");
          describe(v.cases().get(1).type(), b);
          b.append('>');
        }
        default -> {
          b.append(v.sum() == Variant.Sum.ENUM ? "enum {" : "variant {");
          for (int i = 0; i < v.cases().size() && b.length() <= 200; i++) {
            Case c = v.cases().get(i);
            b.append(i == 0 ? "" : ", ").append(c.name());
            if (c.type() != null) {
              b.append('(');
              describe(c.type(), b);
              b.append(')');
            }
          }
          b.append('}');
        }
      }
    } else if (t instanceof Flags f) {
      b.append("flags {").append(String.join(", ", f.names().subList(0, Math.min(20, f.names().size())))).append('}');
    } else {
      b.append(((Unsupported) t).what());
    }
  }

  /** bool, the integers, the floats, char and string. */
  enum Primitive {
    BOOL(1, FlatType.I32), S8(1, FlatType.I32), U8(1, FlatType.I32), S16(2, FlatType.I32),
    U16(2, FlatType.I32), S32(4, FlatType.I32), U32(4, FlatType.I32), S64(8, FlatType.I64),
    U64(8, FlatType.I64), F32(4, FlatType.F32), F64(8, FlatType.F64), CHAR(4, FlatType.I32),
    STRING(8, null);

    private final Layout layout;

    Primitive(int size, FlatType flat) {
      this.layout = flat == null
          ? new Layout(8, 4, List.of(FlatType.I32, FlatType.I32), 1, null)
          : Layout.primitive(size, flat);
    }
  }

  /** A primitive type. */
  record Prim(Primitive kind) implements WitType {
    @Override
    public Layout layout() {
      return kind.layout;
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** {@code list<T>}: a pointer and a length; {@code list<u8>} is IPLD bytes. */
  record ListOf(WitType element, Layout layout) implements WitType {
    public static ListOf of(WitType element) {
      Layout e = element.layout();
      return new ListOf(element, new Layout(8, 4, List.of(FlatType.I32, FlatType.I32), e.depth() + 1, e.unsupported()));
    }

    public boolean isBytes() {
      return element instanceof Prim p && p.kind() == Primitive.U8;
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** A named field of a record. */
  record Field(String name, WitType type) {}

  /** {@code record}: an IPLD map with these keys. */
  record Record(List<Field> fields, Layout layout) implements WitType {
    public static Record of(List<Field> fields) {
      return new Record(List.copyOf(fields), Layout.sequence(fields.stream().map(f -> f.type().layout()).toList()));
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** {@code tuple<...>}: an IPLD list of this length. */
  record Tuple(List<WitType> types, Layout layout) implements WitType {
    public static Tuple of(List<WitType> types) {
      return new Tuple(List.copyOf(types), Layout.sequence(types.stream().map(WitType::layout).toList()));
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** A case of a variant; {@code type} is null for a case without payload. */
  record Case(String name, WitType type) {}

  /**
   * The sum types: {@code variant}, and {@code enum} (no payloads), {@code option} (none,
   * some(T)) and {@code result} (ok(T?), error(E?)), which the ABI treats as variants but the
   * IPLD mapping does not.
   */
  record Variant(Sum sum, List<Case> cases, Layout layout) implements WitType {
    /** Which WIT type a variant stands for. */
    public enum Sum { VARIANT, ENUM, OPTION, RESULT }

    public static Variant of(Sum sum, List<Case> cases) {
      List<Layout> payloads = new ArrayList<>(cases.size());
      for (Case c : cases) {
        payloads.add(c.type() == null ? null : c.type().layout());
      }
      return new Variant(sum, List.copyOf(cases), Layout.variant(payloads));
    }

    public static Variant option(WitType some) {
      return of(Sum.OPTION, List.of(new Case("none", null), new Case("some", some)));
    }

    public static Variant result(WitType ok, WitType error) {
      return of(Sum.RESULT, List.of(new Case("ok", ok), new Case("error", error)));
    }

    public static Variant enumeration(List<String> names) {
      return of(Sum.ENUM, names.stream().map(n -> new Case(n, null)).toList());
    }

    List<Layout> payloadLayouts() {
      List<Layout> out = new ArrayList<>(cases.size());
      for (Case c : cases) {
        out.add(c.type() == null ? null : c.type().layout());
      }
      return out;
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** {@code flags}: an IPLD list of the names that are set. */
  record Flags(List<String> names, Layout layout) implements WitType {
    public static Flags of(List<String> names) {
      return new Flags(List.copyOf(names), Layout.flags(names.size()));
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }

  /** A type the runtime cannot pass (resources, handles, streams, futures, ...). */
  record Unsupported(String what) implements WitType {
    @Override
    public Layout layout() {
      return new Layout(0, 1, List.of(), 1, what);
    }

    @Override
    public String toString() {
      return WitType.describe(this);
    }
  }
}
