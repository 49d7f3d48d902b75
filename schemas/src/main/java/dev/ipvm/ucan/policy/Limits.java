package dev.ipvm.ucan.policy;

/**
 * Bounds on a policy, checked when it is parsed, so that a delegation cannot make its verifier
 * recurse without end or spend unbounded time per invocation. The spec sets no limits; these
 * defaults are far above what a hand-written policy needs.
 *
 * @param maxDepth how deeply statements may nest: a top-level statement is at depth 1, the
 *     statement inside its {@code not}, {@code and}, {@code or}, {@code all} or {@code any} at 2
 * @param maxStatements statements in the whole policy, nested ones included
 * @param maxSelectorLength characters (UTF-16 code units) in one selector
 * @param maxPatternLength characters (UTF-16 code units) in one {@code like} pattern
 */
public record Limits(int maxDepth, int maxStatements, int maxSelectorLength, int maxPatternLength) {
  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_STATEMENTS = 1024;
  public static final int DEFAULT_MAX_SELECTOR_LENGTH = 1024;
  public static final int DEFAULT_MAX_PATTERN_LENGTH = 4096;

  /** The limits {@link Policy#parse(dev.ipvm.ipld.Ipld)} applies. */
  public static final Limits DEFAULT = new Limits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STATEMENTS,
      DEFAULT_MAX_SELECTOR_LENGTH, DEFAULT_MAX_PATTERN_LENGTH);

  public Limits {
    if (maxDepth < 1 || maxStatements < 1 || maxSelectorLength < 1 || maxPatternLength < 1) {
      throw new IllegalArgumentException("policy limits must be positive: " + maxDepth + ", "
          + maxStatements + ", " + maxSelectorLength + ", " + maxPatternLength);
    }
  }
}
