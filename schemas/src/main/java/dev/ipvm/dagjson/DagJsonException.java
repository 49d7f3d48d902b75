package dev.ipvm.dagjson;

/**
 * A document that is not valid DAG-JSON, or a value that cannot be written as DAG-JSON. The
 * message names the {@link Rule} broken and where: line and column in the input when decoding,
 * a JSON Pointer to the offending value when encoding.
 */
public class DagJsonException extends IllegalArgumentException {
  private final Rule rule;
  private final int line;
  private final int column;
  private final String path;

  private DagJsonException(Rule rule, int line, int column, String path, String where, String detail) {
    super("dag-json: " + rule.description() + " " + where
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.rule = rule;
    this.line = line;
    this.column = column;
    this.path = path;
  }

  /** A decoding error at a 1-based line and column of the input (-1 when not known). */
  public static DagJsonException at(Rule rule, int line, int column, String detail) {
    String where = line > 0 ? "at line " + line + ", column " + column : "at an unknown position";
    return new DagJsonException(rule, line, column, null, where, detail);
  }

  /** An encoding error at a JSON Pointer ({@code ""} for the root value). */
  public static DagJsonException atPath(Rule rule, String pointer, String detail) {
    String where = pointer.isEmpty() ? "at the root value" : "at " + pointer;
    return new DagJsonException(rule, -1, -1, pointer, where, detail);
  }

  public Rule rule() {
    return rule;
  }

  /** 1-based line in the input, or -1 for encoding errors. */
  public int line() {
    return line;
  }

  /** 1-based column in the input (Jackson counts bytes for byte input), or -1. */
  public int column() {
    return column;
  }

  /** JSON Pointer to the value that could not be encoded, or null for decoding errors. */
  public String path() {
    return path;
  }
}
