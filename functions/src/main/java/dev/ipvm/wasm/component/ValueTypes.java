package dev.ipvm.wasm.component;

import dev.ipvm.wasm.component.WitType.Primitive;
import java.util.ArrayList;
import java.util.List;

/** Reads value types (Binary.md's {@code valtype} and {@code defvaltype}) into {@link WitType}s. */
final class ValueTypes {
  private ValueTypes() {}

  /** A {@code valtype}: a primitive's code, or the index of a value type defined before. */
  static WitType valType(SectionReader r, List<Object> types) {
    long v = r.s33();
    if (v < 0) {
      int code = (int) (v & 0x7F);
      WitType p = primitive(code);
      if (p == null) {
        throw r.fail(ComponentTypeError.UNKNOWN_CODE, "value type code 0x" + Integer.toHexString(code));
      }
      return p;
    }
    if (v >= types.size()) {
      throw r.fail(ComponentTypeError.BAD_INDEX, "type " + v + " of " + types.size());
    }
    if (!(types.get((int) v) instanceof WitType t)) {
      throw r.fail(ComponentTypeError.BAD_INDEX, "type " + v + " is not a value type");
    }
    return t;
  }

  /** A {@code defvaltype}. */
  static WitType define(SectionReader r, List<Object> types) {
    int code = r.u8();
    WitType p = primitive(code);
    if (p != null) {
      return p;
    }
    WitType t = switch (code) {
      case 0x72 -> {
        int n = r.count(2);
        List<WitType.Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          fields.add(new WitType.Field(r.name(), valType(r, types)));
        }
        yield WitType.Record.of(fields);
      }
      case 0x71 -> {
        int n = r.count(3);
        List<WitType.Case> cases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String name = r.name();
          WitType payload = optional(r, types);
          if (r.u8() == 0x01) {
            r.u32(); // an old encoding's "refines" index
          }
          cases.add(new WitType.Case(name, payload));
        }
        yield WitType.Variant.of(WitType.Variant.Sum.VARIANT, cases);
      }
      case 0x70 -> WitType.ListOf.of(valType(r, types));
      case 0x67 -> {
        valType(r, types);
        r.u32();
        yield new WitType.Unsupported("a fixed-size list");
      }
      case 0x6F -> {
        int n = r.count(1);
        List<WitType> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(valType(r, types));
        }
        yield WitType.Tuple.of(items);
      }
      case 0x6E, 0x6D -> {
        int n = r.count(1);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          names.add(r.name());
        }
        yield code == 0x6E ? WitType.Flags.of(names) : WitType.Variant.enumeration(names);
      }
      case 0x6B -> WitType.Variant.option(valType(r, types));
      case 0x6A -> {
        WitType ok = optional(r, types);
        yield WitType.Variant.result(ok, optional(r, types));
      }
      case 0x69, 0x68 -> {
        r.u32();
        yield new WitType.Unsupported(code == 0x69 ? "own<resource>" : "borrow<resource>");
      }
      case 0x66, 0x65 -> {
        optional(r, types);
        yield new WitType.Unsupported(code == 0x66 ? "stream" : "future");
      }
      case 0x63 -> {
        valType(r, types);
        valType(r, types);
        yield new WitType.Unsupported("map");
      }
      default -> throw r.fail(ComponentTypeError.UNKNOWN_CODE, "type code 0x" + Integer.toHexString(code));
    };
    Layout l = t.layout();
    if (l.depth() > ComponentTypeParser.MAX_DEPTH || l.size() >= ComponentTypeParser.MAX_TYPE_SIZE) {
      throw r.fail(ComponentTypeError.TOO_LARGE, "a type nested " + l.depth() + " deep or of " + l.size()
          + " bytes (limits: " + ComponentTypeParser.MAX_DEPTH + " levels, 2^28 bytes)");
    }
    return t;
  }

  private static WitType optional(SectionReader r, List<Object> types) {
    int present = r.u8();
    if (present == 0x00) {
      return null;
    }
    if (present != 0x01) {
      throw r.fail(ComponentTypeError.UNKNOWN_CODE, "optional marker 0x" + Integer.toHexString(present));
    }
    return valType(r, types);
  }

  private static WitType primitive(int code) {
    Primitive p = switch (code) {
      case 0x7F -> Primitive.BOOL;
      case 0x7E -> Primitive.S8;
      case 0x7D -> Primitive.U8;
      case 0x7C -> Primitive.S16;
      case 0x7B -> Primitive.U16;
      case 0x7A -> Primitive.S32;
      case 0x79 -> Primitive.U32;
      case 0x78 -> Primitive.S64;
      case 0x77 -> Primitive.U64;
      case 0x76 -> Primitive.F32;
      case 0x75 -> Primitive.F64;
      case 0x74 -> Primitive.CHAR;
      case 0x73 -> Primitive.STRING;
      default -> null;
    };
    if (p != null) {
      return new WitType.Prim(p);
    }
    return code == 0x64 ? new WitType.Unsupported("error-context") : null;
  }
}
