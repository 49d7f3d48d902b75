package dev.ipvm.task;

import dev.ipvm.ipld.Ipld;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reading typed fields of a command's args, with errors that name the field. */
final class Args {
  private Args() {}

  static String kind(Ipld v) {
    return v.kind().name().toLowerCase(Locale.ROOT);
  }

  /** {@code args.<field>} as a map of strings (empty when absent). */
  static Map<String, String> stringMap(Ipld.Map args, String field) {
    Map<String, String> out = new TreeMap<>();
    Ipld v = args.get(field);
    if (v == null) {
      return out;
    }
    if (!(v instanceof Ipld.Map m)) {
      throw new IllegalArgumentException("args." + field + " must be a map of strings, got a " + kind(v));
    }
    m.forEach((name, value) -> {
      if (!(value instanceof Ipld.Text t)) {
        throw new IllegalArgumentException("args." + field + "." + name + " must be a string, got a " + kind(value));
      }
      out.put(name, t.value());
    });
    return out;
  }
}
