package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a policy's IPLD into {@link Statement}s, checking the shapes of the spec's IPLD schema
 * ({@code Statement} and its tuple structs) and the {@link Limits}. Errors name the path of the
 * offending element: {@code pol[1][1][0]} is the first statement in the {@code and} that is the
 * second top-level statement.
 */
final class StatementParser {
  private final Limits limits;
  private int count;

  private StatementParser(Limits limits) {
    this.limits = limits;
  }

  static List<Statement> parsePolicy(Ipld pol, Limits limits) {
    if (!(pol instanceof Ipld.List list)) {
      throw new PolicyException(PolicyException.Reason.NOT_A_LIST,
          "pol: a policy is a list of statements, found " + Values.kind(pol));
    }
    StatementParser p = new StatementParser(limits);
    List<Statement> out = new ArrayList<>(Math.min(list.size(), limits.maxStatements()));
    for (int i = 0; i < list.size(); i++) {
      out.add(p.statement(list.get(i), 1, "pol[" + i + "]"));
    }
    return out;
  }

  private Statement statement(Ipld node, int depth, String at) {
    if (depth > limits.maxDepth()) {
      throw new PolicyException(PolicyException.Reason.TOO_DEEP,
          at + ": statements nest deeper than the limit of " + limits.maxDepth());
    }
    if (++count > limits.maxStatements()) {
      throw new PolicyException(PolicyException.Reason.TOO_LARGE,
          at + ": the policy has more statements than the limit of " + limits.maxStatements());
    }
    if (!(node instanceof Ipld.List s)) {
      throw new PolicyException(PolicyException.Reason.NOT_A_LIST,
          at + ": a statement is a list [operator, ...], found " + Values.kind(node));
    }
    if (s.size() == 0) {
      throw new PolicyException(PolicyException.Reason.BAD_ARITY, at + ": empty statement");
    }
    if (!(s.get(0) instanceof Ipld.Text opText)) {
      throw new PolicyException(PolicyException.Reason.UNKNOWN_OPERATOR,
          at + ": the operator is a string, found " + Values.kind(s.get(0)));
    }
    String op = opText.value();
    switch (op) {
      case "==":
        arity(s, 3, op, at);
        return new Statement.Equal(selector(s, at), s.get(2));
      case "!=":
        arity(s, 3, op, at);
        return new Statement.NotEqual(selector(s, at), s.get(2));
      case "<":
        return compare(Statement.Op.LT, s, at);
      case "<=":
        return compare(Statement.Op.LTE, s, at);
      case ">":
        return compare(Statement.Op.GT, s, at);
      case ">=":
        return compare(Statement.Op.GTE, s, at);
      case "like":
        arity(s, 3, op, at);
        if (!(s.get(2) instanceof Ipld.Text pattern)) {
          throw new PolicyException(PolicyException.Reason.BAD_PATTERN,
              at + "[2]: a like pattern is a string, found " + Values.kind(s.get(2)));
        }
        Selector sel = selector(s, at);
        try {
          return new Statement.Like(sel, Glob.parse(pattern.value(), limits.maxPatternLength()));
        } catch (PolicyException e) {
          throw new PolicyException(e.reason(), at + "[2]: " + e.getMessage());
        }
      case "not":
        arity(s, 2, op, at);
        return new Statement.Not(statement(s.get(1), depth + 1, at + "[1]"));
      case "and":
        arity(s, 2, op, at);
        return new Statement.And(statements(s.get(1), depth, at + "[1]", op));
      case "or":
        arity(s, 2, op, at);
        return new Statement.Or(statements(s.get(1), depth, at + "[1]", op));
      case "all":
        arity(s, 3, op, at);
        return new Statement.All(selector(s, at), statement(s.get(2), depth + 1, at + "[2]"));
      case "any":
        arity(s, 3, op, at);
        return new Statement.Any(selector(s, at), statement(s.get(2), depth + 1, at + "[2]"));
      default:
        throw new PolicyException(PolicyException.Reason.UNKNOWN_OPERATOR,
            at + ": unknown operator " + Values.render(opText, 40)
                + " (the spec's are ==, !=, <, <=, >, >=, like, not, and, or, all, any)");
    }
  }

  private Statement compare(Statement.Op op, Ipld.List s, String at) {
    arity(s, 3, op.symbol, at);
    Selector sel = selector(s, at);
    if (!Values.isNumber(s.get(2))) {
      throw new PolicyException(PolicyException.Reason.BAD_ARGUMENT, at + "[2]: " + op.symbol
          + " compares with an integer or float, found " + Values.kind(s.get(2)));
    }
    return new Statement.Compare(op, sel, s.get(2));
  }

  private List<Statement> statements(Ipld node, int depth, String at, String op) {
    if (!(node instanceof Ipld.List list)) {
      throw new PolicyException(PolicyException.Reason.NOT_A_LIST,
          at + ": " + op + " takes a list of statements, found " + Values.kind(node));
    }
    List<Statement> out = new ArrayList<>(Math.min(list.size(), limits.maxStatements()));
    for (int i = 0; i < list.size(); i++) {
      out.add(statement(list.get(i), depth + 1, at + "[" + i + "]"));
    }
    return out;
  }

  private Selector selector(Ipld.List s, String at) {
    if (!(s.get(1) instanceof Ipld.Text t)) {
      throw new PolicyException(PolicyException.Reason.BAD_SELECTOR,
          at + "[1]: a selector is a string, found " + Values.kind(s.get(1)));
    }
    try {
      return Selector.parse(t.value(), limits.maxSelectorLength());
    } catch (PolicyException e) {
      throw new PolicyException(e.reason(), at + "[1]: " + e.getMessage());
    }
  }

  private static void arity(Ipld.List s, int n, String op, String at) {
    if (s.size() != n) {
      throw new PolicyException(PolicyException.Reason.BAD_ARITY, at + ": " + op + " takes "
          + (n - 1) + (n == 2 ? " argument" : " arguments") + ", found " + (s.size() - 1));
    }
  }
}
