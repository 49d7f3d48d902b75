package dev.ipvm.wasm.component;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.component.WitType.Primitive;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Homestar's IPLD → WIT reading of a param (homestar-wasm's README and interpreter), piece by
 * piece: {@link Lower} asks what a value means for a type and writes the answer flat or into
 * memory. Where Homestar casts silently, a value that does not fit is refused here.
 */
final class IpldToWit {
  private static final BigInteger[][] RANGES = new BigInteger[Primitive.values().length][];

  static {
    range(Primitive.S8, -128, 127);
    range(Primitive.U8, 0, 255);
    range(Primitive.S16, -32_768, 32_767);
    range(Primitive.U16, 0, 65_535);
    range(Primitive.S32, Integer.MIN_VALUE, Integer.MAX_VALUE);
    range(Primitive.U32, 0, 0xFFFF_FFFFL);
    range(Primitive.S64, Long.MIN_VALUE, Long.MAX_VALUE);
    RANGES[Primitive.U64.ordinal()] = new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)};
  }

  private static void range(Primitive p, long min, long max) {
    RANGES[p.ordinal()] = new BigInteger[] {BigInteger.valueOf(min), BigInteger.valueOf(max)};
  }

  private IpldToWit() {}

  /** A scalar's core bits: integers as their two's complement, floats as raw bits, char as its code point. */
  static long scalar(Primitive p, Ipld v, String path) {
    switch (p) {
      case BOOL -> {
        if (v instanceof Ipld.Bool b) {
          return b.value() ? 1 : 0;
        }
        throw bad(path, "a bool", v);
      }
      case F32, F64 -> {
        double d;
        if (v instanceof Ipld.Float f) {
          d = f.value();
        } else if (v instanceof Ipld.Int i) {
          d = i.bigValue().doubleValue(); // Homestar casts integers to floats
        } else {
          throw bad(path, "a number", v);
        }
        return p == Primitive.F32 ? Float.floatToRawIntBits((float) d) & 0xFFFFFFFFL : Double.doubleToRawLongBits(d);
      }
      case CHAR -> {
        if (v instanceof Ipld.Text t && t.value().codePointCount(0, t.value().length()) == 1) {
          return t.value().codePointAt(0);
        }
        throw bad(path, "a string of one character", v);
      }
      case STRING -> throw new IllegalArgumentException("strings are not scalars");
      default -> {
        BigInteger value;
        if (v instanceof Ipld.Int i) {
          value = i.bigValue();
        } else if (v instanceof Ipld.Float f && Double.isFinite(f.value()) && f.value() == Math.rint(f.value())) {
          value = new java.math.BigDecimal(f.value()).toBigInteger();
        } else {
          throw bad(path, "an integer", v);
        }
        BigInteger[] r = RANGES[p.ordinal()];
        if (value.compareTo(r[0]) < 0 || value.compareTo(r[1]) > 0) {
          throw new AbiException(AbiError.BAD_PARAMS, path + " = " + value + " does not fit "
              + p.name().toLowerCase(java.util.Locale.ROOT));
        }
        return value.longValue();
      }
    }
  }

  /** A string's UTF-8: text as is, bytes as unpadded base64, null as "null", a link as its CID text. */
  static byte[] string(Ipld v, String path) {
    if (v instanceof Ipld.Text t) {
      return t.value().getBytes(StandardCharsets.UTF_8);
    }
    if (v instanceof Ipld.Bytes b) {
      return Base64.getEncoder().withoutPadding().encode(b.toByteArray());
    }
    if (v instanceof Ipld.Null) {
      return "null".getBytes(StandardCharsets.US_ASCII);
    }
    if (v instanceof Ipld.Link l) {
      return l.cid().toString().getBytes(StandardCharsets.US_ASCII);
    }
    throw bad(path, "a string", v);
  }

  /** A list's items; a map is read as a list of (key, value) tuples when the list wants those. */
  static List<Ipld> listItems(WitType.ListOf t, Ipld v, String path) {
    if (v instanceof Ipld.List l) {
      return l.items();
    }
    if (v instanceof Ipld.Map m && t.element() instanceof WitType.Tuple tuple && tuple.types().size() == 2) {
      List<Ipld> pairs = new ArrayList<>(m.size());
      for (int i = 0; i < m.size(); i++) {
        pairs.add(Ipld.list(Ipld.text(m.key(i)), m.value(i)));
      }
      return pairs;
    }
    throw bad(path, "a list", v);
  }

  static List<Ipld> tupleItems(WitType.Tuple t, Ipld v, String path) {
    if (v instanceof Ipld.List l && l.size() == t.types().size()) {
      return l.items();
    }
    throw bad(path, "a list of " + t.types().size() + " items", v);
  }

  /** A record's field values in field order; keys the record does not have are ignored, as Homestar does. */
  static List<Ipld> recordValues(WitType.Record t, Ipld v, String path) {
    if (!(v instanceof Ipld.Map m)) {
      throw bad(path, "a map", v);
    }
    List<Ipld> values = new ArrayList<>(t.fields().size());
    for (WitType.Field f : t.fields()) {
      Ipld value = m.get(f.name());
      if (value == null) {
        throw new AbiException(AbiError.BAD_PARAMS, path + " has no key '" + f.name() + "' for the record's field");
      }
      values.add(value);
    }
    return values;
  }

  /** The case a value takes, and its payload (null for a case without one). */
  record Chosen(int index, Ipld payload) {}

  static Chosen variantCase(WitType.Variant t, Ipld v, String path) {
    List<WitType.Case> cases = t.cases();
    switch (t.sum()) {
      case OPTION -> {
        return v instanceof Ipld.Null ? new Chosen(0, null) : new Chosen(1, v);
      }
      case ENUM -> {
        if (v instanceof Ipld.Text s) {
          for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).name().equals(s.value())) {
              return new Chosen(i, null);
            }
          }
        }
        throw bad(path, "one of " + names(cases), v);
      }
      case RESULT -> {
        // Homestar's order: [x, null] is ok(x), [null, e] is error(e); [null, null] is ok(null)
        if (v instanceof Ipld.List l && l.size() == 2) {
          Ipld a = l.get(0);
          Ipld b = l.get(1);
          if (b instanceof Ipld.Null) {
            return new Chosen(0, cases.get(0).type() == null ? null : a);
          }
          if (a instanceof Ipld.Null) {
            return new Chosen(1, cases.get(1).type() == null ? null : b);
          }
        }
        throw bad(path, "[ok, null] or [null, error]", v);
      }
      default -> {
        if (v instanceof Ipld.Map m && m.size() == 1) {
          for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).name().equals(m.key(0))) {
              return new Chosen(i, cases.get(i).type() == null ? null : m.value(0));
            }
          }
        }
        throw bad(path, "a map with one key of " + names(cases), v);
      }
    }
  }

  /** The flags' bits, 32 to a word. */
  static long[] flagWords(WitType.Flags t, Ipld v, String path) {
    if (!(v instanceof Ipld.List l)) {
      throw bad(path, "a list of flag names", v);
    }
    long[] words = new long[Math.max(1, (t.names().size() + 31) / 32)];
    for (Ipld item : l.items()) {
      int bit = item instanceof Ipld.Text s ? t.names().indexOf(s.value()) : -1;
      if (bit < 0) {
        throw bad(path, "flag names among " + t.names(), item);
      }
      words[bit / 32] |= 1L << (bit % 32);
    }
    return words;
  }

  private static List<String> names(List<WitType.Case> cases) {
    return cases.stream().map(WitType.Case::name).limit(20).toList();
  }

  static AbiException bad(String path, String want, Ipld got) {
    return new AbiException(AbiError.BAD_PARAMS, path + " must be " + want + " for the export's WIT type, got "
        + got.kind().name().toLowerCase(java.util.Locale.ROOT));
  }
}
