package dev.ipvm.job.config;

import java.io.PrintStream;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * The configuration reference, made from {@link JobOptions}: the table in {@code docs/job.md}
 * (kept equal to it by a test) and the list {@code ipvm dev --help-config} prints.
 */
public final class ConfigReference {
  private ConfigReference() {}

  /** The option's description as plain text. */
  public static String description(ConfigOption<?> o) {
    return o.description().getBlocks().stream()
        .map(b -> b instanceof TextElement t ? t.getFormat() : b.toString())
        .collect(Collectors.joining(" "));
  }

  /** The default as one would write it in a properties file; {@code (none)} without one. */
  public static String defaultText(ConfigOption<?> o) {
    if (!o.hasDefaultValue()) {
      return "(none)";
    }
    Object v = o.defaultValue();
    return v instanceof Duration d ? TimeUtils.formatWithHighestUnit(d).replace(" ", "") : String.valueOf(v);
  }

  /** The Markdown table of every option: key, default, meaning. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
    for (ConfigOption<?> o : JobOptions.ALL) {
      String d = o.hasDefaultValue() ? "`" + defaultText(o) + "`" : defaultText(o);
      b.append("| `").append(o.key()).append("` | ").append(d).append(" | ")
          .append(description(o).replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }

  /** One line per option, for a terminal. */
  public static void print(PrintStream out) {
    for (ConfigOption<?> o : JobOptions.ALL) {
      out.printf("  %-30s %-14s %s%n", o.key(), defaultText(o), description(o));
    }
  }
}
