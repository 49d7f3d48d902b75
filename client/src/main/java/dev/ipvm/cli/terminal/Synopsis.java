package dev.ipvm.cli.terminal;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The usage line ({@code Usage: ipvm run [-hV] [--bootstrap=HOST:PORT] ...}) wrapped at spaces
 * only. Picocli wraps it where Java's line breaker allows, which includes after a ':' or a '.'
 * inside a word, and so prints {@code [--bootstrap=HOST:} on one line and {@code PORT]} on the
 * next; here it is laid out on one long line first, then wrapped between words, continuation
 * lines aligned after the command's name as picocli aligns them.
 */
public final class Synopsis {
  private static final String WIDTH_PROPERTY = "picocli.usage.width";

  private Synopsis() {}

  /** Installs the renderer on {@code cl} and every subcommand below it. */
  public static void install(CommandLine cl) {
    cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, Synopsis::render);
    cl.getSubcommands().values().forEach(Synopsis::install);
  }

  static String render(Help help) {
    UsageMessageSpec usage = help.commandSpec().usageMessage();
    int width = usage.width();
    String line;
    // one line, nothing wrapped yet (picocli allocates the width: no more than that); the system
    // property that overrides every width is set aside meanwhile
    String property = System.clearProperty(WIDTH_PROPERTY);
    usage.width(4000);
    try {
      line = help.synopsis(help.synopsisHeadingLength()).strip();
    } finally {
      usage.width(width);
      if (property != null) {
        System.setProperty(WIDTH_PROPERTY, property);
      }
    }
    int indent = help.synopsisHeadingLength() + help.commandSpec().qualifiedName().length() + 1;
    StringBuilder out = new StringBuilder(); // after the heading ("Usage: "), a section of its own
    int column = help.synopsisHeadingLength();
    boolean first = true;
    for (String word : line.split("\\s+")) {
      if (!first && column + 1 + word.length() > width) {
        out.append(System.lineSeparator()).append(" ".repeat(indent));
        column = indent;
      } else if (!first) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
      first = false;
    }
    return out.append(System.lineSeparator()).toString();
  }
}
