package dev.ipvm.ucan.policy;

/**
 * A delegation's {@code pol} that is not a well-formed policy. {@link #reason()} is a stable name
 * callers and error receipts can match on; the message says where ({@code pol[2][1]}, the path of
 * the offending element in the policy's IPLD) and what is wrong.
 *
 * <p>Only parsing throws this. Evaluating a parsed policy never throws: a value of the wrong kind
 * or a selector that selects nothing makes the statement false, as the spec requires.
 */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a policy was refused. */
  public enum Reason {
    /** The policy, a statement, or the statements of {@code and}/{@code or} are not a list. */
    NOT_A_LIST,
    /** A statement's first element is not one of the spec's operators (they are case-sensitive). */
    UNKNOWN_OPERATOR,
    /** A statement has the wrong number of elements for its operator. */
    BAD_ARITY,
    /** A selector is not a string or not in the spec's selector syntax. */
    BAD_SELECTOR,
    /** The operand of {@code <}, {@code <=}, {@code >} or {@code >=} is not an integer or float. */
    BAD_ARGUMENT,
    /** A {@code like} pattern is not a string, or has a backslash that escapes neither {@code *} nor {@code \}. */
    BAD_PATTERN,
    /** Statements nest deeper than {@link Limits#maxDepth()}. */
    TOO_DEEP,
    /** More statements than {@link Limits#maxStatements()}, or a selector or pattern over its length limit. */
    TOO_LARGE
  }

  private final Reason reason;

  public PolicyException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
