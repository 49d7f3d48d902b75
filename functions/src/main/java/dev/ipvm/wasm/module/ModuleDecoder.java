package dev.ipvm.wasm.module;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a module's structure: the header, the sections (ids, sizes, order) and, inside them,
 * enough to check for forbidden features and to meter: types, imports, function types,
 * tables, memories, globals, exports, element and data segments (their constant expressions),
 * and where each function body and its locals lie. Function body instructions are not decoded
 * here (see {@link InstructionDecoder}).
 */
final class ModuleDecoder {
  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};

  private final byte[] bytes;
  private int[] typeParamCounts = new int[0];
  private int importedFunctions;
  private int importedGlobals;
  private int definedGlobals;
  private int[] functionTypes = new int[0];
  private final Set<String> exportNames = new HashSet<>();
  private int startFunction = -1;
  private final List<FunctionBody> functions = new ArrayList<>();

  private ModuleDecoder(byte[] bytes) {
    this.bytes = bytes;
  }

  static ModuleInfo decode(byte[] wasm) {
    if (wasm == null) {
      throw ModuleException.invalid("no module bytes", null, -1);
    }
    return new ModuleDecoder(wasm).run();
  }

  private ModuleInfo run() {
    List<Section> sections = sections();
    boolean sawCode = false;
    for (Section s : sections) {
      WasmReader in = new WasmReader(bytes, s.payloadStart(), s.end(), s.label());
      switch (s.id()) {
        case Section.CUSTOM -> in.skipName();
        case Section.TYPE -> types(in);
        case Section.IMPORT -> imports(in);
        case Section.FUNCTION -> functionTypes(in);
        case Section.TABLE -> vec(in, () -> ValueTypes.tableType(in));
        case Section.MEMORY -> vec(in, () -> ValueTypes.memoryLimits(in));
        case Section.GLOBAL -> globals(in);
        case Section.EXPORT -> exports(in);
        case Section.START -> startFunction = in.index();
        case Section.ELEMENT -> vec(in, () -> element(in));
        case Section.DATA_COUNT -> in.index();
        case Section.CODE -> {
          code(in);
          sawCode = true;
        }
        case Section.DATA -> vec(in, () -> data(in));
        default -> throw in.invalidAt(s.start(), "unexpected section id " + s.id());
      }
      if (s.id() == Section.CUSTOM) {
        continue; // the rest of a custom section is opaque
      }
      in.expectEnd(s.label());
    }
    if (!sawCode && functionTypes.length > 0) {
      throw ModuleException.invalid(
          "function section declares "
              + functionTypes.length
              + " functions but there is no code section",
          null,
          -1);
    }
    return new ModuleInfo(
        bytes,
        List.copyOf(sections),
        importedFunctions,
        importedGlobals,
        definedGlobals,
        Set.copyOf(exportNames),
        startFunction,
        List.copyOf(functions));
  }

  private List<Section> sections() {
    if (bytes.length < 8) {
      throw ModuleException.invalid(
          "truncated module: " + bytes.length + " bytes, shorter than the 8-byte header",
          "header",
          0);
    }
    for (int i = 0; i < 4; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw ModuleException.invalid("not a Wasm module: bad magic bytes", "header", 0);
      }
    }
    int version =
        (bytes[4] & 0xFF)
            | (bytes[5] & 0xFF) << 8
            | (bytes[6] & 0xFF) << 16
            | (bytes[7] & 0xFF) << 24;
    if (version != 1) {
      String what =
          (version & 0xFFFF) == 0x0D || version == 0x1000D
              ? "unsupported binary version 0x" + Integer.toHexString(version)
                  + " (a component; only core modules are supported)"
              : "unsupported binary version 0x" + Integer.toHexString(version);
      throw ModuleException.invalid(what, "header", 4);
    }
    List<Section> out = new ArrayList<>();
    WasmReader in = new WasmReader(bytes, 8, bytes.length, "section headers");
    int lastOrder = 0;
    while (!in.atEnd()) {
      int start = in.position();
      int id = in.u8();
      if (!Section.isKnown(id)) {
        throw in.invalidAt(start, "unknown section id " + id);
      }
      in.where(Section.name(id) + " section header");
      long size = in.u32();
      int payloadStart = in.position();
      if (size > bytes.length - payloadStart) {
        throw in.invalidAt(
            start,
            "truncated module: "
                + Section.name(id)
                + " section size "
                + size
                + " runs past the end of the module ("
                + (bytes.length - payloadStart)
                + " bytes left)");
      }
      if (id != Section.CUSTOM) {
        int order = Section.order(id);
        if (order <= lastOrder) {
          throw in.invalidAt(
              start, Section.name(id) + " section is duplicated or out of order");
        }
        lastOrder = order;
      }
      if (id == Section.TAG) {
        throw in.forbiddenAt(start, ForbiddenFeature.EXCEPTION_HANDLING, "tag section");
      }
      Section s = new Section(id, start, payloadStart, payloadStart + (int) size);
      out.add(s);
      in.skip(size);
      in.where("section headers");
    }
    return out;
  }

  private static void vec(WasmReader in, Runnable item) {
    int n = in.index();
    for (int i = 0; i < n; i++) {
      item.run();
    }
  }

  private void types(WasmReader in) {
    int n = in.index();
    checkCount(in, n);
    typeParamCounts = new int[n];
    for (int i = 0; i < n; i++) {
      typeParamCounts[i] = ValueTypes.functionType(in);
    }
  }

  private void imports(WasmReader in) {
    int n = in.index();
    for (int i = 0; i < n; i++) {
      in.skipName();
      in.skipName();
      int at = in.position();
      int kind = in.u8();
      switch (kind) {
        case 0x00 -> {
          in.index();
          importedFunctions++;
        }
        case 0x01 -> ValueTypes.tableType(in);
        case 0x02 -> ValueTypes.memoryLimits(in);
        case 0x03 -> {
          ValueTypes.globalType(in);
          importedGlobals++;
        }
        case 0x04 -> throw in.forbiddenAt(at, ForbiddenFeature.EXCEPTION_HANDLING, "tag import");
        default -> throw in.invalidAt(at, String.format("unknown import kind 0x%02X", kind));
      }
    }
  }

  private void functionTypes(WasmReader in) {
    int n = in.index();
    checkCount(in, n);
    functionTypes = new int[n];
    for (int i = 0; i < n; i++) {
      functionTypes[i] = in.index();
    }
  }

  private void globals(WasmReader in) {
    int n = in.index();
    for (int i = 0; i < n; i++) {
      ValueTypes.globalType(in);
      constantExpression(in);
    }
    definedGlobals = n;
  }

  private void exports(WasmReader in) {
    int n = in.index();
    for (int i = 0; i < n; i++) {
      int at = in.position();
      String name = in.name();
      int kindAt = in.position();
      int kind = in.u8();
      if (kind == 0x04) {
        throw in.forbiddenAt(kindAt, ForbiddenFeature.EXCEPTION_HANDLING, "tag export");
      }
      if (kind > 0x03) {
        throw in.invalidAt(kindAt, String.format("unknown export kind 0x%02X", kind));
      }
      in.index();
      if (!exportNames.add(name)) {
        throw in.invalidAt(at, "duplicate export name \"" + name + "\"");
      }
    }
  }

  private void element(WasmReader in) {
    int at = in.position();
    long flags = in.u32();
    switch ((int) flags) {
      case 0 -> {
        constantExpression(in);
        vec(in, in::index);
      }
      case 1, 3 -> {
        elementKind(in);
        vec(in, in::index);
      }
      case 2 -> {
        in.index();
        constantExpression(in);
        elementKind(in);
        vec(in, in::index);
      }
      case 4 -> {
        constantExpression(in);
        vec(in, () -> constantExpression(in));
      }
      case 5, 7 -> {
        ValueTypes.referenceType(in);
        vec(in, () -> constantExpression(in));
      }
      case 6 -> {
        in.index();
        constantExpression(in);
        ValueTypes.referenceType(in);
        vec(in, () -> constantExpression(in));
      }
      default -> throw in.invalidAt(at, "unknown element segment flags " + flags);
    }
  }

  private static void elementKind(WasmReader in) {
    int at = in.position();
    if (in.u8() != 0x00) {
      throw in.invalidAt(at, "unknown element kind (expected 0x00 funcref)");
    }
  }

  private void data(WasmReader in) {
    int at = in.position();
    long flags = in.u32();
    switch ((int) flags) {
      case 0 -> constantExpression(in);
      case 1 -> {}
      case 2 -> {
        in.index();
        constantExpression(in);
      }
      default -> throw in.invalidAt(at, "unknown data segment flags " + flags);
    }
    in.skip(in.index());
  }

  /** Decodes a constant expression up to and including its final end. */
  private static void constantExpression(WasmReader in) {
    InstructionDecoder d = new InstructionDecoder(in);
    while (!d.finished()) {
      d.next();
    }
  }

  private void code(WasmReader in) {
    int n = in.index();
    if (n != functionTypes.length) {
      throw in.invalidAt(
          in.position(),
          "code section has "
              + n
              + " bodies but the function section declares "
              + functionTypes.length
              + " functions");
    }
    for (int i = 0; i < n; i++) {
      int functionIndex = importedFunctions + i;
      long size = in.u32();
      int start = in.position();
      if (size > in.limit() - start) {
        throw in.invalidAt(
            start, "function " + functionIndex + " body size " + size + " runs past the section");
      }
      int end = start + (int) size;
      FunctionBody body = locals(functionIndex, i, start, end);
      functions.add(body);
      in.skip(size);
    }
  }

  private FunctionBody locals(int functionIndex, int definedIndex, int start, int end) {
    WasmReader in =
        new WasmReader(bytes, start, end, "code section, function " + functionIndex);
    int typeIndex = functionTypes[definedIndex];
    if (typeIndex >= typeParamCounts.length) {
      throw in.invalidAt(start, "function uses type index " + typeIndex + " which is not defined");
    }
    int entries = in.index();
    int entriesStart = in.position();
    long total = 0;
    for (int i = 0; i < entries; i++) {
      int at = in.position();
      total += in.u32();
      if (total > 0xFFFF_FFFFL) {
        throw in.invalidAt(at, "too many locals");
      }
      ValueTypes.valueType(in);
    }
    return new FunctionBody(
        functionIndex,
        typeParamCounts[typeIndex],
        start,
        entries,
        entriesStart,
        in.position(),
        end,
        total);
  }

  private static void checkCount(WasmReader in, int n) {
    if (n > in.limit() - in.position()) {
      throw in.invalidAt(in.position(), "count " + n + " exceeds the section size");
    }
  }
}
