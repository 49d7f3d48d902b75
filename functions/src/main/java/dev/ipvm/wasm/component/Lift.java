package dev.ipvm.wasm.component;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.component.WitType.Primitive;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifts a result out of a module through the canonical ABI into IPLD, as Homestar maps WIT to
 * IPLD. Everything is checked as it is read (addresses, lengths, alignment, UTF-8, chars,
 * discriminants), and the result's size is counted against the output limit as it grows.
 */
final class Lift {
  private final GuestMemory memory;
  private long budget;

  Lift(GuestMemory memory, long outputBytes) {
    this.memory = memory;
    this.budget = outputBytes;
  }

  /** Lifts from flat values, read from {@code values} starting at {@code at[0]}, which advances. */
  Ipld flat(WitType t, long[] values, int[] at) {
    if (t instanceof WitType.Prim p) {
      if (p.kind() == Primitive.STRING) {
        long ptr = values[at[0]++];
        return string(ptr, values[at[0]++]);
      }
      return scalar(p.kind(), values[at[0]++]);
    }
    if (t instanceof WitType.ListOf l) {
      long ptr = values[at[0]++];
      return list(l, ptr, values[at[0]++]);
    }
    if (t instanceof WitType.Record r) {
      Map<String, Ipld> out = new LinkedHashMap<>();
      for (WitType.Field f : r.fields()) {
        out.put(f.name(), flat(f.type(), values, at));
        charge(f.name().length());
      }
      return Ipld.Map.of(out);
    }
    if (t instanceof WitType.Tuple u) {
      List<Ipld> out = new ArrayList<>(u.types().size());
      for (WitType x : u.types()) {
        out.add(flat(x, values, at));
      }
      return new Ipld.List(out);
    }
    if (t instanceof WitType.Variant v) {
      int index = discriminant(v, values[at[0]++]);
      int end = at[0] + v.layout().flat().size() - 1;
      WitType payload = v.cases().get(index).type();
      Ipld value = null;
      if (payload != null) {
        // joined positions: narrow each to the case's own type (i32 and f32 live in the low bits)
        List<FlatType> own = payload.layout().flat();
        long[] narrowed = new long[own.size()];
        for (int i = 0; i < own.size(); i++) {
          long x = values[at[0] + i];
          narrowed[i] = own.get(i) == FlatType.I32 || own.get(i) == FlatType.F32 ? x & 0xFFFFFFFFL : x;
        }
        value = flat(payload, narrowed, new int[1]);
      }
      at[0] = end;
      return sum(v, index, value);
    }
    if (t instanceof WitType.Flags f) {
      int words = f.layout().flat().size();
      long[] w = new long[words];
      for (int i = 0; i < words; i++) {
        w[i] = values[at[0]++];
      }
      return flags(f, w);
    }
    throw new AbiException(AbiError.BAD_RESULT, "the result has type " + t + ", which has no IPLD form here");
  }

  /** Lifts a value stored at {@code ptr} (already checked to hold the type's size). */
  Ipld load(WitType t, long ptr) {
    if (t instanceof WitType.Prim p) {
      if (p.kind() == Primitive.STRING) {
        long[] pl = memory.pointerAndLength(ptr);
        return string(pl[0], pl[1]);
      }
      int size = (int) p.layout().size();
      long raw = memory.load(ptr, size);
      return scalar(p.kind(), signExtend(p.kind(), raw));
    }
    if (t instanceof WitType.ListOf l) {
      long[] pl = memory.pointerAndLength(ptr);
      return list(l, pl[0], pl[1]);
    }
    if (t instanceof WitType.Record r) {
      Map<String, Ipld> out = new LinkedHashMap<>();
      long offset = 0;
      for (WitType.Field f : r.fields()) {
        offset = Layout.alignTo(offset, f.type().layout().align());
        out.put(f.name(), load(f.type(), ptr + offset));
        charge(f.name().length());
        offset += f.type().layout().size();
      }
      return Ipld.Map.of(out);
    }
    if (t instanceof WitType.Tuple u) {
      List<Ipld> out = new ArrayList<>(u.types().size());
      long offset = 0;
      for (WitType x : u.types()) {
        offset = Layout.alignTo(offset, x.layout().align());
        out.add(load(x, ptr + offset));
        offset += x.layout().size();
      }
      return new Ipld.List(out);
    }
    if (t instanceof WitType.Variant v) {
      int index = discriminant(v, memory.load(ptr, Layout.discriminantSize(v.cases().size())));
      WitType payload = v.cases().get(index).type();
      Ipld value = payload == null ? null : load(payload, ptr + Layout.payloadOffset(v.payloadLayouts()));
      return sum(v, index, value);
    }
    if (t instanceof WitType.Flags f) {
      long size = f.layout().size();
      long[] w = new long[(int) Math.max(1, size / 4)];
      if (size < 4) {
        w[0] = memory.load(ptr, (int) size);
      } else {
        for (int i = 0; i < w.length; i++) {
          w[i] = memory.load(ptr + 4L * i, 4);
        }
      }
      return flags(f, w);
    }
    throw new AbiException(AbiError.BAD_RESULT, "the result has type " + t + ", which has no IPLD form here");
  }

  private static long signExtend(Primitive p, long raw) {
    return switch (p) {
      case S8 -> (byte) raw;
      case S16 -> (short) raw;
      case S32 -> (int) raw;
      default -> raw;
    };
  }

  /** A scalar from its core bits (only the type's own low bits count, as the spec wraps). */
  private Ipld scalar(Primitive p, long bits) {
    charge(1);
    return switch (p) {
      case BOOL -> Ipld.bool((bits & 0xFFFFFFFFL) != 0);
      case S8 -> Ipld.integer((byte) bits);
      case U8 -> Ipld.integer(bits & 0xFF);
      case S16 -> Ipld.integer((short) bits);
      case U16 -> Ipld.integer(bits & 0xFFFF);
      case S32 -> Ipld.integer((int) bits);
      case U32 -> Ipld.integer(bits & 0xFFFFFFFFL);
      case S64 -> Ipld.integer(bits);
      case U64 -> bits >= 0 ? Ipld.integer(bits)
          : Ipld.Int.of(java.math.BigInteger.valueOf(bits).add(java.math.BigInteger.ONE.shiftLeft(64)));
      // f32 becomes the f64 of its shortest decimal form, as Homestar converts through a decimal
      case F32 -> finite(Double.parseDouble(Float.toString(Float.intBitsToFloat((int) bits))));
      case F64 -> finite(Double.longBitsToDouble(bits));
      case CHAR -> {
        int c = (int) bits;
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
          throw new AbiException(AbiError.INVALID_CHAR, "the module returned the char " + Integer.toUnsignedString(c)
              + ", which is not a Unicode scalar value");
        }
        yield Ipld.text(new String(Character.toChars(c)));
      }
      case STRING -> throw new IllegalArgumentException("strings are not scalars");
    };
  }

  private static Ipld finite(double d) {
    if (!Double.isFinite(d)) {
      throw new AbiException(AbiError.BAD_RESULT, "the result " + d + " has no IPLD form (floats must be finite)");
    }
    return new Ipld.Float(d);
  }

  /** A string: "null" is IPLD null and a CID's text a link, as Homestar reads strings; else text. */
  private Ipld string(long ptr, long len) {
    ptr = memory.check(ptr, len, 1, "a string");
    charge(len);
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(memory.read(ptr, (int) len))).toString();
    } catch (CharacterCodingException e) {
      throw new AbiException(AbiError.INVALID_UTF8, "the string of " + len + " bytes at " + ptr + " is not UTF-8");
    }
    if (s.equals("null")) {
      return Ipld.NULL;
    }
    if (s.length() >= 46 && s.length() <= 256 && (s.startsWith("Qm") || s.startsWith("b") || s.startsWith("z"))) {
      try {
        return Ipld.link(Cid.parse(s));
      } catch (RuntimeException notACid) {
        // plain text
      }
    }
    return Ipld.text(s);
  }

  private Ipld list(WitType.ListOf t, long ptr, long len) {
    Layout e = t.element().layout();
    ptr = memory.check(ptr, len * e.size(), e.align(), "a list of " + len + " items");
    charge(len); // at least a byte per item, before the items are read
    if (t.isBytes()) {
      return Ipld.Bytes.wrap(memory.read(ptr, (int) len));
    }
    if (t.element() instanceof WitType.Tuple tuple && tuple.types().size() == 2
        && tuple.types().get(0) instanceof WitType.Prim k && k.kind() == Primitive.STRING) {
      // a list of (string, value) pairs is an IPLD map, as Homestar reads it (a later key wins)
      Map<String, Ipld> out = new LinkedHashMap<>();
      for (long i = 0; i < len; i++) {
        Ipld pair = load(tuple, ptr + i * e.size());
        Ipld key = ((Ipld.List) pair).get(0);
        out.put(key instanceof Ipld.Text s ? s.value() : key instanceof Ipld.Link l ? l.cid().toString() : "null",
            ((Ipld.List) pair).get(1));
      }
      return Ipld.Map.of(out);
    }
    List<Ipld> out = new ArrayList<>((int) Math.min(len, 1024));
    for (long i = 0; i < len; i++) {
      out.add(load(t.element(), ptr + i * e.size()));
    }
    return new Ipld.List(out);
  }

  private static int discriminant(WitType.Variant v, long raw) {
    if (raw < 0 || raw >= v.cases().size()) {
      throw new AbiException(AbiError.BAD_DISCRIMINANT, "the module returned case " + raw + " of a "
          + v.sum().name().toLowerCase(java.util.Locale.ROOT) + " with " + v.cases().size() + " cases");
    }
    return (int) raw;
  }

  /** A case as IPLD: variant {case: payload}, enum its name, option the value or null, result [ok, null] / [null, error]. */
  private Ipld sum(WitType.Variant v, int index, Ipld payload) {
    charge(1);
    String name = v.cases().get(index).name();
    return switch (v.sum()) {
      case ENUM -> Ipld.text(name);
      case OPTION -> payload == null ? Ipld.NULL : payload;
      case RESULT -> index == 0
          ? Ipld.list(payload == null ? Ipld.integer(1) : payload, Ipld.NULL)
          : Ipld.list(Ipld.NULL, payload == null ? Ipld.integer(1) : payload);
      case VARIANT -> Ipld.Map.of(Map.of(name, payload == null ? Ipld.NULL : payload));
    };
  }

  private Ipld flags(WitType.Flags f, long[] words) {
    List<Ipld> set = new ArrayList<>();
    for (int i = 0; i < f.names().size(); i++) {
      if ((words[i / 32] >>> (i % 32) & 1) != 0) {
        set.add(Ipld.text(f.names().get(i)));
        charge(f.names().get(i).length());
      }
    }
    return new Ipld.List(set);
  }

  private void charge(long bytes) {
    budget -= Math.max(1, bytes);
    if (budget < 0) {
      throw new AbiException(AbiError.OUTPUT_TOO_LARGE, "the result is larger than the output limit");
    }
  }
}
