package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A UCAN 1.0 delegation policy: the statements of a delegation's {@code pol}, all of which an
 * invocation's {@code args} must satisfy (the top-level list is an implicit {@code and}). Parsed
 * once, evaluated many times; immutable and thread-safe.
 *
 * <p>Semantics are the delegation spec's "Policy", "Selectors" and "Validation" sections; the
 * official fixtures ({@code ucan-wg/spec fixtures/1.0.0/policy.json}) all pass. In brief:
 *
 * <ul>
 *   <li>Selectors begin with {@code .} and select into {@code args} (inside {@code all}/{@code
 *       any}, into the element): {@code .a}, {@code .["a"]}, {@code .a[0]}, {@code .a[-1]},
 *       {@code .a[1:3]}, {@code .a[]}, with {@code ?} for optional. A key missing from a map
 *       selects null; any other step that cannot be resolved makes the statement false, unless
 *       the step is optional, which then selects null.
 *   <li>{@code ==} is deep equality; numbers compare by value whatever their kind, here and in
 *       {@code <}, {@code <=}, {@code >}, {@code >=}. Comparing a non-number is false.
 *   <li>{@code like} matches strings only; {@code *} is the wildcard, {@code \*} a literal star,
 *       {@code \\} a backslash.
 *   <li>{@code ["and", []]}, {@code ["or", []]}, and {@code all} and {@code any} over an empty
 *       list or map are all true, as the spec defines them.
 * </ul>
 *
 * <p>Parsing enforces {@link Limits}: by default nesting up to {@value Limits#DEFAULT_MAX_DEPTH}
 * levels, {@value Limits#DEFAULT_MAX_STATEMENTS} statements, selectors of
 * {@value Limits#DEFAULT_MAX_SELECTOR_LENGTH} characters and patterns of
 * {@value Limits#DEFAULT_MAX_PATTERN_LENGTH}.
 */
public final class Policy {
  /** The empty policy {@code []}: it matches everything. */
  public static final Policy EMPTY = new Policy(List.of());

  private final List<Statement> statements;

  private Policy(List<Statement> statements) {
    this.statements = List.copyOf(statements);
  }

  /**
   * Parses a delegation's {@code pol}, an IPLD list of statements, within {@link Limits#DEFAULT}.
   *
   * @throws PolicyException naming the reason and the path of the offending element
   */
  public static Policy parse(Ipld pol) {
    return parse(pol, Limits.DEFAULT);
  }

  /** As {@link #parse(Ipld)}, within {@code limits}. */
  public static Policy parse(Ipld pol, Limits limits) {
    Objects.requireNonNull(pol, "pol");
    Objects.requireNonNull(limits, "limits");
    List<Statement> parsed = StatementParser.parsePolicy(pol, limits);
    return parsed.isEmpty() ? EMPTY : new Policy(parsed);
  }

  /** Whether {@code args} (the invocation's {@code args}; the selector {@code .}) satisfies every statement. */
  public boolean matches(Ipld args) {
    Objects.requireNonNull(args, "args");
    for (Statement s : statements) {
      if (!s.test(args)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Empty when {@code args} matches; otherwise the first failing top-level statement, by its
   * index in {@code pol} and its text, and why it fails, down to the innermost statement that
   * decided. For error receipts: e.g. {@code pol[1] ["any",".to",["like",".","*@example.com"]]
   * is false: no element of .to (1) satisfies ["like",".","*@example.com"]}.
   */
  public Optional<String> violation(Ipld args) {
    Objects.requireNonNull(args, "args");
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      if (!s.test(args)) {
        return Optional.of("pol[" + i + "] " + Explain.statement(s) + " is false: " + Explain.why(s, args));
      }
    }
    return Optional.empty();
  }

  /** The policy's IPLD form; equal to the {@code pol} it was parsed from. */
  public Ipld.List toIpld() {
    return Statement.listOf(statements);
  }

  /** The parsed statements, for this package's tests. */
  List<Statement> statements() {
    return statements;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Policy p && p.statements.equals(statements);
  }

  @Override
  public int hashCode() {
    return statements.hashCode();
  }

  @Override
  public String toString() {
    return "Policy" + Values.render(toIpld(), 200);
  }
}
