package dev.ipvm.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the docs (README.md, docs/*.md by name, then examples/README.md), as docs/development.md
 * ("Runnable docs") describes them: a block whose info string is {@code bash runnable} is run by
 * RunnableDocsIT; any other {@code bash} block must be preceded by a comment
 * {@code <!-- not runnable: why -->}.
 */
public final class DocBlocks {
  /** Pages whose blocks others own: their unmarked blocks are reported, not refused. */
  public static final Set<String> OTHERS = Set.of("docs/operations.md", "docs/index.md");

  /** One fenced block: its file (relative to the root), the line of its opening fence, its text. */
  public record Block(String file, int line, String lang, boolean runnable, String reason, String text) {
    public String where() {
      return file + ":" + line;
    }

    /** The single values the block's comments state as a command's output (see the class comment). */
    public List<String> expected() {
      return DocBlocks.expected(text);
    }
  }

  private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*(.*)$");
  private static final Pattern NOT_RUNNABLE = Pattern.compile("^<!--\\s*not runnable:\\s*(.+?)\\s*-->\\s*$");

  private DocBlocks() {}

  /** README.md, docs/*.md sorted by name, then examples/README.md. */
  public static List<Path> files(Path root) {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.add(root.resolve("examples/README.md"));
    return files;
  }

  public static List<Block> all(Path root) throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path f : files(root)) {
      blocks.addAll(parse(root.relativize(f).toString(), Files.readString(f)));
    }
    return blocks;
  }

  public static List<Block> parse(String file, String markdown) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher open = FENCE.matcher(lines[i]);
      if (!open.matches()) {
        continue;
      }
      String fence = open.group(1);
      String[] info = open.group(2).trim().split("\\s+");
      String lang = info[0];
      boolean runnable = List.of(info).contains("runnable");
      String reason = null;
      for (int j = i - 1; j >= 0 && j >= i - 2; j--) { // the comment right before, or before one blank line
        Matcher m = NOT_RUNNABLE.matcher(lines[j].trim());
        if (m.matches()) {
          reason = m.group(1);
          break;
        }
        if (!lines[j].isBlank()) {
          break;
        }
      }
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length; j++) {
        String l = lines[j];
        if (l.startsWith(fence.substring(0, 1).repeat(fence.length())) && l.trim().chars().allMatch(c -> c == fence.charAt(0))
            && l.trim().length() >= fence.length()) {
          break;
        }
        text.append(l).append('\n');
      }
      blocks.add(new Block(file, i + 1, lang, runnable, reason, text.toString()));
      i = j;
    }
    return blocks;
  }

  private static final Pattern ANNOTATION = Pattern.compile("\\s+\\(.*\\)$");
  private static final Pattern INLINE = Pattern.compile("\\s#\\s+(.*)$");

  /**
   * The values stated as output: a comment line right after a command, or a command's trailing
   * comment, that holds one value (no space, no "...") once a trailing "(note)" is dropped; also
   * {@code exit N}, what {@code || echo "exit $?"} prints after a command that fails on purpose.
   */
  static List<String> expected(String text) {
    List<String> out = new ArrayList<>();
    String previous = "";
    for (String line : text.split("\n")) {
      String t = line.strip();
      boolean comment = t.startsWith("#");
      String candidate = null;
      if (comment && !previous.isEmpty() && !previous.startsWith("#")) {
        candidate = t.substring(1);
      } else if (!comment && !t.isEmpty()) {
        Matcher m = INLINE.matcher(t);
        if (m.find()) {
          candidate = m.group(1);
        }
      }
      if (candidate != null) {
        String value = ANNOTATION.matcher(candidate.strip()).replaceFirst("").strip();
        if (!value.isEmpty() && !value.contains("...")
            && (value.chars().noneMatch(Character::isWhitespace) || value.matches("exit \\d+"))) {
          out.add(value);
        }
      }
      previous = t;
    }
    return out;
  }

  /** Whether {@code output} has a line that is {@code value} or starts with it. */
  public static boolean shows(String output, String value) {
    return output.lines().map(String::strip).anyMatch(l -> l.startsWith(value));
  }
}
