package dev.ipvm.wasm.component;

import java.util.List;

/**
 * An exported function's WIT signature.
 *
 * @param name the export's name in the world ({@code add-one}, or {@code iface#name} for a
 *     function of an exported interface): also its core export's name
 * @param params named parameters
 * @param result the result type, or null for none
 */
public record WitFunction(String name, List<Param> params, WitType result) {
  /** A named parameter. */
  public record Param(String name, WitType type) {}

  public WitFunction {
    params = List.copyOf(params);
  }

  /** The first type in the signature the runtime cannot pass, or null. */
  public String unsupported() {
    for (Param p : params) {
      if (p.type().layout().unsupported() != null) {
        return p.type().layout().unsupported();
      }
    }
    return result == null ? null : result.layout().unsupported();
  }

  @Override
  public String toString() {
    return name + ": func(" + String.join(", ", params.stream().limit(20).map(p -> p.name() + ": " + p.type()).toList())
        + ")" + (result == null ? "" : " -> " + result);
  }
}
