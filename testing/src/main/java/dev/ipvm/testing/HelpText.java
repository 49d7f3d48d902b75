package dev.ipvm.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Checks the help of a picocli command and of every subcommand below it, rendered at a given width,
 * as a person reads it: no word, flag or path split across two lines (picocli breaks lines after
 * '.', ':' and ',' inside a word, e.g. {@code user.⏎pem}, and after a hand-made line break); each
 * command's summary (the first description line, what its parent's command list shows) one whole
 * sentence that fits on its line there; descriptions written one element per sentence or
 * paragraph, never a sentence split across elements, so that picocli wraps each once; preformatted
 * lines (examples, tables: they start with a space) no wider than the width, so that a command
 * line copies whole; and placeholders in upper case ({@code FILE}, {@code HOST:PORT}), never
 * picocli's default {@code <fieldName>}.
 */
public final class HelpText {
  /** Where a prose element may end: a sentence's end, or a colon before a list, maybe inside quotes or brackets. */
  private static final Pattern WHOLE = Pattern.compile(".*[.:!?][)'\"`]*$", Pattern.DOTALL);
  /** A sentence ending inside a summary: a period and a space, then a capital (not after e.g. or i.e.). */
  private static final Pattern SECOND_SENTENCE = Pattern.compile("(?<!e\\.g|i\\.e)\\. +[A-Z]");
  private static final Pattern ANGLED = Pattern.compile("<[A-Za-z][A-Za-z ]*>");
  private static final Pattern LABEL = Pattern.compile("'?[A-Z][A-Z0-9_]*([:=.\\[\\]\\- ]+[A-Za-z0-9_]*)*'?(\\.wasm)?");

  private HelpText() {}

  /** Every problem found, one line each naming the command; empty when the help reads well. */
  public static List<String> problems(CommandLine root, int width) {
    root.setUsageHelpWidth(width);
    List<String> problems = new ArrayList<>();
    check(root, width, problems);
    return problems;
  }

  private static void check(CommandLine cl, int width, List<String> problems) {
    CommandSpec spec = cl.getCommandSpec();
    String name = spec.qualifiedName();
    String usage = cl.getUsageMessage(Help.Ansi.OFF);
    Map<String, Integer> rendered = counts(usage);

    // 1. every word of the texts appears whole in the rendered help
    List<String> texts = new ArrayList<>();
    texts.addAll(Arrays.asList(spec.usageMessage().header()));
    texts.addAll(Arrays.asList(spec.usageMessage().description()));
    texts.addAll(Arrays.asList(spec.usageMessage().footer()));
    for (ArgSpec arg : spec.args()) {
      if (!arg.hidden()) {
        texts.addAll(Arrays.asList(arg.description()));
      }
    }
    new HashSet<>(cl.getSubcommands().values()).forEach(sub -> texts.add(summary(sub.getCommandSpec())));
    // counted, so that a word split in one place is not hidden by the same word whole in another
    Map<String, Integer> written = counts(String.join(" ", texts).replace("%n", " ").replace("%%", "%"));
    written.forEach((token, n) -> {
      if (rendered.getOrDefault(token, 0) < n) {
        problems.add(name + ": '" + token + "' is split across lines");
      }
    });
    // ... and the synopsis keeps each option with its placeholder on one line
    Set<String> synopsis = tokens(cl.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_SYNOPSIS).render(cl.getHelp()));
    for (OptionSpec o : spec.options()) {
      if (!o.hidden() && o.arity().max() > 0) {
        boolean whole = Arrays.stream(o.names()).map(n -> n + "=" + o.paramLabel())
            .anyMatch(form -> synopsis.stream().anyMatch(t -> t.contains(form)));
        if (!whole) {
          problems.add(name + ": the usage line splits " + o.shortestName() + "=" + o.paramLabel());
        }
      }
    }

    // 2. descriptions: one element per sentence or paragraph; preformatted lines fit
    checkElements(name, "description", spec.usageMessage().description(), width, true, problems);
    checkElements(name, "header", spec.usageMessage().header(), width, true, problems);
    for (ArgSpec arg : spec.args()) {
      if (!arg.hidden()) {
        String label = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
        checkElements(name + " " + label, "description", arg.description(), Integer.MAX_VALUE, false, problems);
      }
    }
    for (String line : spec.usageMessage().footer()) {
      if (line.length() > width) {
        problems.add(name + ": the footer line '" + line.strip() + "' is wider than " + width + " columns");
      }
    }

    // 3. placeholders in upper case, in the texts too (NAME, not <name>)
    for (String text : texts) {
      var angle = ANGLED.matcher(text);
      while (angle.find()) {
        problems.add(name + ": the placeholder " + angle.group() + " is not in upper case like NAME or HEX");
      }
    }
    for (ArgSpec arg : spec.args()) {
      boolean takesValue = arg instanceof PositionalParamSpec || ((OptionSpec) arg).arity().max() > 0;
      if (!arg.hidden() && takesValue && !LABEL.matcher(arg.paramLabel()).matches()) {
        problems.add(name + ": the placeholder " + arg.paramLabel() + " is not in upper case like FILE or HOST:PORT");
      }
    }

    // 4. each subcommand's summary: one whole sentence on one line of this command's list
    if (!cl.getSubcommands().isEmpty()) {
      List<String> listLines = cl.getHelp().commandList().lines().map(String::strip).toList();
      Set<CommandLine> seen = new HashSet<>();
      for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
        CommandLine sub = e.getValue();
        if (!seen.add(sub)) {
          continue; // an alias
        }
        String summary = summary(sub.getCommandSpec());
        String subName = sub.getCommandSpec().qualifiedName();
        if (summary.isEmpty()) {
          problems.add(subName + ": no summary");
          continue;
        }
        if (!summary.endsWith(".") || SECOND_SENTENCE.matcher(summary).find()) {
          problems.add(subName + ": the summary '" + summary + "' is not one whole sentence ending with a period");
        }
        if (listLines.stream().noneMatch(l -> l.endsWith(summary))) {
          problems.add(subName + ": the summary '" + summary + "' does not fit on one line of "
              + spec.qualifiedName() + "'s command list");
        }
        check(sub, width, problems);
      }
    }
  }

  private static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] description = spec.usageMessage().description();
    String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    return first.strip();
  }

  private static void checkElements(String name, String what, String[] elements, int width, boolean capital,
      List<String> problems) {
    for (String given : elements) {
      String element = given.endsWith("%n") ? given.substring(0, given.length() - 2) : given; // picocli's own
      if (element.isBlank()) {
        continue;
      }
      if (Character.isWhitespace(element.charAt(0))) { // preformatted: an example, a table row
        if (element.length() > width) {
          problems.add(name + ": the preformatted " + what + " line '" + element.strip() + "' is wider than "
              + width + " columns");
        }
      } else if (!WHOLE.matcher(element.strip()).matches()) {
        problems.add(name + ": the " + what + " element '" + element + "' does not end a sentence (hand-wrapped?)");
      } else if (capital && Character.isLowerCase(element.charAt(0))) {
        problems.add(name + ": the " + what + " element '" + element + "' starts in lower case (hand-wrapped?)");
      }
    }
  }

  private static Map<String, Integer> counts(String text) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String t : text.split("\\s+")) {
      if (!t.isEmpty()) {
        counts.merge(t, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static Set<String> tokens(String text) {
    Set<String> tokens = new HashSet<>();
    for (String t : text.split("\\s+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }
}
