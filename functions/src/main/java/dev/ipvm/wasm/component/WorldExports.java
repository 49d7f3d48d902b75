package dev.ipvm.wasm.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WIT signatures of a core module's exports, from its {@code component-type*} custom
 * sections (wit-bindgen writes one per world it generated bindings for; they are merged).
 * A module without such a section has none, and keeps the numeric and bytes ABIs.
 */
public final class WorldExports {
  /** The custom section's name, or its prefix (wit-bindgen appends the world and its version). */
  public static final String SECTION = "component-type";
  public static final WorldExports NONE = new WorldExports(Map.of());

  private final Map<String, WitFunction> functions;

  private WorldExports(Map<String, WitFunction> functions) {
    this.functions = Map.copyOf(functions);
  }

  /**
   * Reads the signatures from a core module's bytes.
   *
   * @throws ComponentTypeException when a component-type section is malformed
   */
  public static WorldExports of(byte[] wasm) {
    Map<String, WitFunction> all = new LinkedHashMap<>();
    List<byte[]> seen = new java.util.ArrayList<>();
    SectionReader r = new SectionReader(wasm, 0, wasm.length);
    for (int i = 0; i < 8; i++) {
      r.u8(); // magic and version: checked by the module's own parser
    }
    while (!r.atEnd()) {
      int id = r.u8();
      SectionReader s = r.slice(r.u32());
      if (id != 0) {
        continue;
      }
      String name = s.name();
      if (!name.equals(SECTION) && !name.startsWith(SECTION + ":")) {
        continue;
      }
      byte[] payload = java.util.Arrays.copyOfRange(wasm, s.position(), s.end());
      if (seen.stream().anyMatch(p -> java.util.Arrays.equals(p, payload))) {
        continue; // the same world twice
      }
      seen.add(payload);
      for (Map.Entry<String, WitFunction> e : ComponentTypeParser.functions(payload).entrySet()) {
        if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
          throw new ComponentTypeException(ComponentTypeError.CONFLICT,
              "two component-type sections both describe the export '" + e.getKey() + "'");
        }
      }
    }
    return all.isEmpty() ? NONE : new WorldExports(all);
  }

  /**
   * The function whose core export is named {@code fun}, or null. (A workflow's {@code add_one}
   * is matched to the export {@code add-one} before the run, by the runtime's ExportNames.)
   */
  public WitFunction find(String fun) {
    return functions.get(fun);
  }

  public List<WitFunction> functions() {
    return List.copyOf(functions.values());
  }

  public boolean isEmpty() {
    return functions.isEmpty();
  }
}
