package dev.ipvm.wasm;

import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.ipvm.cid.Cid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which exported function a task's {@code fun} names, matched as Homestar matches a workflow's
 * {@code func}: the name as written, else the first of its UPPERCASE, kebab-case, snake_case,
 * lowerCamelCase and PascalCase forms that the module exports, else {@code %name} (a WIT
 * identifier escaped). So Homestar workflows naming {@code add_one} run the {@code add-one} export
 * of a wit-bindgen module. One rule for the job and {@code ipvm wasm run}; a name that matches
 * nothing is left as written, so the run fails NoSuchFunction naming it.
 */
public final class ExportNames {
  private ExportNames() {}

  /** The function export of the module in {@code wasm} (its CID {@code cid}) that {@code fun} names. */
  public static String resolve(WasmRuntime runtime, Cid cid, byte[] wasm, String fun) {
    try {
      return resolve(runtime.load(cid, wasm), fun);
    } catch (RunException e) {
      return fun; // the module does not load: the run reports why
    }
  }

  /** The function export of the module in {@code wasm} (addressed by its raw CID) that {@code fun} names. */
  public static String resolve(WasmRuntime runtime, byte[] wasm, String fun) {
    try {
      return resolve(runtime.load(wasm), fun);
    } catch (RunException e) {
      return fun;
    }
  }

  /** The function export of a loaded module that {@code fun} names. */
  public static String resolve(LoadedModule module, String fun) {
    ExportSection section = module.module().exportSection();
    Set<String> functions = new LinkedHashSet<>();
    for (int i = 0; i < section.exportCount(); i++) {
      Export e = section.getExport(i);
      if (e.exportType() == ExternalType.FUNCTION) {
        functions.add(e.name());
      }
    }
    return match(fun, functions);
  }

  /** The first of {@link #candidates} that is in {@code functions}; {@code fun} when none is. */
  public static String match(String fun, Set<String> functions) {
    for (String c : candidates(fun)) {
      if (functions.contains(c)) {
        return c;
      }
    }
    return fun;
  }

  /** The names tried for {@code fun}, in Homestar's order. */
  public static List<String> candidates(String fun) {
    List<String> words = words(fun);
    List<String> out = new ArrayList<>();
    out.add(fun);
    out.add(fun.toUpperCase(Locale.ROOT));
    out.add(join(words, "-", false, false));
    out.add(join(words, "_", false, false));
    out.add(join(words, "", false, true));
    out.add(join(words, "", true, true));
    out.add("%" + fun);
    return List.copyOf(new LinkedHashSet<>(out));
  }

  /**
   * The words of a name: split at every character that is no letter or digit (dropped), before an
   * uppercase letter that follows a lowercase letter or a digit, and before the last capital of a
   * run of capitals followed by a lowercase letter ({@code HTTPServer}: HTTP, Server).
   */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int[] cps = name.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!Character.isLetterOrDigit(c)) {
        flush(word, words);
        continue;
      }
      if (word.length() > 0 && Character.isUpperCase(c)) {
        int prev = cps[i - 1];
        boolean afterLower = Character.isLowerCase(prev) || Character.isDigit(prev);
        boolean acronymEnd = Character.isUpperCase(prev) && i + 1 < cps.length && Character.isLowerCase(cps[i + 1]);
        if (afterLower || acronymEnd) {
          flush(word, words);
        }
      }
      word.appendCodePoint(c);
    }
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static String join(List<String> words, String separator, boolean capitalizeFirst, boolean capitalizeRest) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).toLowerCase(Locale.ROOT);
      if (i > 0) {
        s.append(separator);
      }
      if (i == 0 ? capitalizeFirst : capitalizeRest) {
        int first = w.codePointAt(0);
        s.appendCodePoint(Character.toUpperCase(first)).append(w.substring(Character.charCount(first)));
      } else {
        s.append(w);
      }
    }
    return s.toString();
  }
}
