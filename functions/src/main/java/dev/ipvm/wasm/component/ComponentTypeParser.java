package dev.ipvm.wasm.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the payload of one {@code component-type} custom section: a component binary (the
 * component model's Binary.md) whose type section encodes the world of a wit-bindgen module.
 * Only what the exports' WIT signatures need is kept; sections other than custom, type and
 * export are skipped by their length.
 */
final class ComponentTypeParser {
  /** Deepest nesting of value types, and of component and instance types, followed. */
  static final int MAX_DEPTH = 64;
  /** The canonical ABI's bound on a type's size in memory (Binary.md: elem_size below 2^28). */
  static final long MAX_TYPE_SIZE = 1L << 28;

  /** A function type: its params and result as in {@link WitFunction}, or why it cannot run. */
  record FuncSig(List<WitFunction.Param> params, WitType result, String unsupported) {}

  /** A component or instance type: what it exports, by name. */
  record Exports(Map<String, Object> byName) {}

  /** The index spaces of one component, component type or instance type. */
  private static final class Scope {
    final Scope parent;
    final int depth;
    final List<Object> types = new ArrayList<>();
    final List<Exports> instances = new ArrayList<>();

    Scope(Scope parent) {
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
    }
  }

  private ComponentTypeParser() {}

  /** The functions the section's world exports, by core export name. */
  static Map<String, WitFunction> functions(byte[] payload) {
    SectionReader r = new SectionReader(payload, 0, payload.length);
    int[] preamble = {0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00};
    for (int b : preamble) {
      if (r.atEnd() || r.u8() != b) {
        throw new ComponentTypeException(ComponentTypeError.BAD_PREAMBLE,
            "the section is not a component binary (magic 00 61 73 6d, version 0d 00, layer 01 00)");
      }
    }
    Scope top = new Scope(null);
    while (!r.atEnd()) {
      int id = r.u8();
      SectionReader s = r.slice(r.u32());
      switch (id) {
        case 0 -> encoding(s);
        case 7 -> {
          int n = s.count(1);
          for (int i = 0; i < n; i++) {
            top.types.add(defType(s, top));
          }
          end(s);
        }
        default -> { } // exports, imports, names...: the world is fully described by its type
      }
    }
    Map<String, WitFunction> out = new LinkedHashMap<>();
    for (Object t : top.types) {
      if (t instanceof Exports e) {
        collect(e, "", out, 0);
      }
    }
    return out;
  }

  private static void collect(Exports type, String prefix, Map<String, WitFunction> out, int depth) {
    for (Map.Entry<String, Object> e : type.byName().entrySet()) {
      String name = prefix + e.getKey();
      if (e.getValue() instanceof FuncSig f) {
        out.put(name, new WitFunction(name, f.params(),
            f.unsupported() == null ? f.result() : new WitType.Unsupported(f.unsupported())));
      } else if (e.getValue() instanceof Exports inner && depth < MAX_DEPTH) {
        // a world inside a package type exports its functions by their own names;
        // an interface a world exports names them "interface#function"
        collect(inner, prefix.isEmpty() && depth == 0 ? "" : name + "#", out, depth + 1);
      }
    }
  }

  private static void encoding(SectionReader s) {
    if (!s.name().equals("wit-component-encoding") || s.atEnd()) {
      return;
    }
    s.u8(); // the encoding format's version
    if (!s.atEnd() && s.u8() != 0x00) {
      throw s.fail(ComponentTypeError.UNSUPPORTED_ENCODING, "the world uses a string encoding other than UTF-8");
    }
  }

  private static void end(SectionReader s) {
    if (!s.atEnd()) {
      throw s.fail(ComponentTypeError.TRAILING_BYTES, "bytes after the section's last definition");
    }
  }

  private static Object defType(SectionReader r, Scope scope) {
    int code = r.peek();
    switch (code) {
      case 0x40, 0x43 -> {
        r.u8();
        return funcType(r, scope, code == 0x43);
      }
      case 0x41, 0x42 -> {
        r.u8();
        return declarations(r, scope, code == 0x41);
      }
      case 0x3F -> {
        r.u8();
        r.u8(); // the representation's core type
        if (r.u8() == 0x01) {
          r.u32(); // the destructor
        }
        return new WitType.Unsupported("resource");
      }
      default -> {
        return ValueTypes.define(r, scope.types);
      }
    }
  }

  private static FuncSig funcType(SectionReader r, Scope scope, boolean async) {
    int n = r.count(2);
    List<WitFunction.Param> params = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      params.add(new WitFunction.Param(r.name(), ValueTypes.valType(r, scope.types)));
    }
    WitType result = null;
    String unsupported = async ? "an async function" : null;
    int kind = r.u8();
    if (kind == 0x00) {
      result = ValueTypes.valType(r, scope.types);
    } else if (kind == 0x01) {
      int named = r.count(2);
      for (int i = 0; i < named; i++) {
        r.name();
        ValueTypes.valType(r, scope.types);
      }
      if (named > 0) {
        unsupported = "named results";
      }
    } else {
      throw r.fail(ComponentTypeError.UNKNOWN_CODE, "result list code 0x" + Integer.toHexString(kind));
    }
    return new FuncSig(params, result, unsupported);
  }

  /** A component type (with imports) or an instance type: its declarations in a scope of its own. */
  private static Exports declarations(SectionReader r, Scope outer, boolean component) {
    if (outer.depth >= MAX_DEPTH) {
      throw r.fail(ComponentTypeError.TOO_LARGE, "component and instance types nested deeper than " + MAX_DEPTH);
    }
    Scope scope = new Scope(outer);
    Map<String, Object> exports = new LinkedHashMap<>();
    int n = r.count(1);
    for (int i = 0; i < n; i++) {
      int decl = r.u8();
      switch (decl) {
        case 0x00 -> throw r.fail(ComponentTypeError.UNSUPPORTED, "a core type declaration");
        case 0x01 -> scope.types.add(defType(r, scope));
        case 0x02 -> alias(r, scope);
        case 0x03, 0x04 -> {
          if (decl == 0x03 && !component) {
            throw r.fail(ComponentTypeError.UNKNOWN_CODE, "an import in an instance type");
          }
          String name = externName(r);
          Object what = externType(r, scope);
          if (decl == 0x04 && what != null) {
            exports.put(name, what);
          }
        }
        default -> throw r.fail(ComponentTypeError.UNKNOWN_CODE, "declaration code 0x" + Integer.toHexString(decl));
      }
    }
    return new Exports(exports);
  }

  private static String externName(SectionReader r) {
    int kind = r.u8();
    String name = r.name();
    if (kind == 0x02) {
      int attributes = r.count(2);
      for (int i = 0; i < attributes; i++) {
        if (r.u8() > 0x02) {
          throw r.fail(ComponentTypeError.UNKNOWN_CODE, "a name attribute code");
        }
        r.name();
      }
    } else if (kind > 0x02) {
      throw r.fail(ComponentTypeError.UNKNOWN_CODE, "name code 0x" + Integer.toHexString(kind));
    }
    return name;
  }

  /** Reads an extern type, adding to the scope's index spaces what it introduces; returns what is named. */
  private static Object externType(SectionReader r, Scope scope) {
    int kind = r.u8();
    switch (kind) {
      case 0x00 -> {
        if (r.u8() != 0x11) {
          throw r.fail(ComponentTypeError.UNKNOWN_CODE, "a core extern type other than a module");
        }
        r.u32();
        return null;
      }
      case 0x01 -> {
        Object f = type(r, scope.types, r.u32());
        if (!(f instanceof FuncSig)) {
          throw r.fail(ComponentTypeError.BAD_INDEX, "a function whose type is not a function type");
        }
        return f;
      }
      case 0x02 -> {
        if (r.u8() == 0x00) {
          r.u32();
        } else {
          ValueTypes.valType(r, scope.types);
        }
        return null;
      }
      case 0x03 -> {
        Object t = r.u8() == 0x00 ? type(r, scope.types, r.u32()) : new WitType.Unsupported("resource");
        scope.types.add(t);
        return t;
      }
      case 0x04, 0x05 -> {
        Object t = type(r, scope.types, r.u32());
        if (!(t instanceof Exports e)) {
          throw r.fail(ComponentTypeError.BAD_INDEX, "a component or instance whose type is not one");
        }
        if (kind == 0x05) {
          scope.instances.add(e);
        }
        return e;
      }
      default -> throw r.fail(ComponentTypeError.UNKNOWN_CODE, "extern type code 0x" + Integer.toHexString(kind));
    }
  }

  private static void alias(SectionReader r, Scope scope) {
    int sort = r.u8();
    if (sort == 0x00) {
      r.u8(); // a core sort
    }
    int target = r.u8();
    Object aliased;
    switch (target) {
      case 0x00 -> {
        int instance = r.u32();
        String name = r.name();
        if (instance >= scope.instances.size()) {
          throw r.fail(ComponentTypeError.BAD_INDEX, "instance " + instance + " of " + scope.instances.size());
        }
        aliased = scope.instances.get(instance).byName().get(name);
        if (aliased == null && (sort == 0x03 || sort == 0x05)) {
          throw r.fail(ComponentTypeError.BAD_INDEX, "instance " + instance + " exports no '" + name + "'");
        }
      }
      case 0x01 -> {
        r.u32();
        r.name();
        aliased = null;
      }
      case 0x02 -> {
        int count = r.u32();
        int index = r.u32();
        Scope s = scope;
        for (int i = 0; i < count && s != null; i++) {
          s = s.parent;
        }
        if (s == null) {
          throw r.fail(ComponentTypeError.BAD_INDEX, "an outer alias " + count + " scopes out");
        }
        aliased = sort == 0x03 ? type(r, s.types, index) : null;
      }
      default -> throw r.fail(ComponentTypeError.UNKNOWN_CODE, "alias target 0x" + Integer.toHexString(target));
    }
    if (sort == 0x03) {
      scope.types.add(aliased);
    } else if (sort == 0x05) {
      if (!(aliased instanceof Exports e)) {
        throw r.fail(ComponentTypeError.BAD_INDEX, "an instance alias to something that is not an instance");
      }
      scope.instances.add(e);
    }
  }

  static Object type(SectionReader r, List<Object> types, int index) {
    if (index >= types.size()) {
      throw r.fail(ComponentTypeError.BAD_INDEX, "type " + index + " of " + types.size());
    }
    return types.get(index);
  }

}
