package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a policy (delegation spec, "Policy"). {@link #test} is the statement's truth
 * against a value: the invocation's {@code args} at the top, an element inside {@code all} and
 * {@code any}. It never throws: a selector that cannot be resolved makes its statement false
 * ("the associated statement MUST return false"), and so does a value of the wrong kind.
 */
sealed interface Statement
    permits Statement.Equal, Statement.NotEqual, Statement.Compare, Statement.Like, Statement.Not,
        Statement.And, Statement.Or, Statement.All, Statement.Any {

  boolean test(Ipld value);

  /** The statement's IPLD form, as it appears in {@code pol}. */
  Ipld.List toIpld();

  /** {@code ["==", sel, value]}: the selected value deep-equals {@code value} (see {@link Values#deepEqual}). */
  record Equal(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean test(Ipld v) {
      Ipld got = selector.select(v);
      return got != null && Values.deepEqual(got, value);
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("=="), Ipld.text(selector.text()), value);
    }
  }

  /**
   * {@code ["!=", sel, value]}. The spec calls this {@code ["not", ["==", sel, value]]}, and so it
   * is whenever the selector resolves. When it does not, the spec's rule for unresolved selectors
   * wins and the statement is false, like every statement whose selector selects nothing; the
   * spelled-out {@code not} form is then true (its inner {@code ==} is false).
   */
  record NotEqual(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean test(Ipld v) {
      Ipld got = selector.select(v);
      return got != null && !Values.deepEqual(got, value);
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("!="), Ipld.text(selector.text()), value);
    }
  }

  /** The numeric inequalities. */
  enum Op {
    LT("<"), LTE("<="), GT(">"), GTE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(int sign) {
      return switch (this) {
        case LT -> sign < 0;
        case LTE -> sign <= 0;
        case GT -> sign > 0;
        case GTE -> sign >= 0;
      };
    }
  }

  /** {@code [op, sel, number]}: the selected value is a number and {@code value op number}. */
  record Compare(Op op, Selector selector, Ipld number) implements Statement {
    @Override
    public boolean test(Ipld v) {
      Ipld got = selector.select(v);
      return got != null && Values.isNumber(got) && op.holds(Values.compareNumbers(got, number));
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text(op.symbol), Ipld.text(selector.text()), number);
    }
  }

  /** {@code ["like", sel, pattern]}: the selected value is a string the glob matches. */
  record Like(Selector selector, Glob glob) implements Statement {
    @Override
    public boolean test(Ipld v) {
      return selector.select(v) instanceof Ipld.Text t && glob.matches(t.value());
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("like"), Ipld.text(selector.text()), Ipld.text(glob.pattern()));
    }
  }

  /** {@code ["not", statement]}. */
  record Not(Statement statement) implements Statement {
    @Override
    public boolean test(Ipld v) {
      return !statement.test(v);
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("not"), statement.toIpld());
    }
  }

  /** {@code ["and", [statements]]}: every one holds; the spec makes {@code ["and", []]} true. */
  record And(List<Statement> statements) implements Statement {
    public And {
      statements = List.copyOf(statements);
    }

    @Override
    public boolean test(Ipld v) {
      for (Statement s : statements) {
        if (!s.test(v)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("and"), listOf(statements));
    }
  }

  /** {@code ["or", [statements]]}: one holds; the spec makes {@code ["or", []]} true as well. */
  record Or(List<Statement> statements) implements Statement {
    public Or {
      statements = List.copyOf(statements);
    }

    @Override
    public boolean test(Ipld v) {
      if (statements.isEmpty()) {
        return true;
      }
      for (Statement s : statements) {
        if (s.test(v)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("or"), listOf(statements));
    }
  }

  /**
   * {@code ["all", sel, statement]}: the selected value is a list, or a map whose values are taken
   * as one, and the statement holds for every element. Anything else selected is false.
   */
  record All(Selector selector, Statement statement) implements Statement {
    @Override
    public boolean test(Ipld v) {
      Ipld c = selector.select(v);
      if (!isCollection(c)) {
        return false;
      }
      for (int i = 0, n = size(c); i < n; i++) {
        if (!statement.test(element(c, i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("all"), Ipld.text(selector.text()), statement.toIpld());
    }
  }

  /**
   * {@code ["any", sel, statement]}: like {@link All}, but one element suffices. The spec defines
   * {@code any} as {@code or} extended over the collection and {@code ["or", []]} as true, so an
   * empty collection makes {@code any} true, as it does in rs-ucan. A delegator who needs at least
   * one element says so separately, e.g. {@code ["!=", ".to", []]}.
   */
  record Any(Selector selector, Statement statement) implements Statement {
    @Override
    public boolean test(Ipld v) {
      Ipld c = selector.select(v);
      if (!isCollection(c)) {
        return false;
      }
      int n = size(c);
      if (n == 0) {
        return true;
      }
      for (int i = 0; i < n; i++) {
        if (statement.test(element(c, i))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Ipld.List toIpld() {
      return Ipld.list(Ipld.text("any"), Ipld.text(selector.text()), statement.toIpld());
    }
  }

  static boolean isCollection(Ipld c) {
    return c instanceof Ipld.List || c instanceof Ipld.Map;
  }

  /** Elements of a list, or values of a map (keys dropped, as the spec says). */
  static int size(Ipld c) {
    return c instanceof Ipld.List l ? l.size() : ((Ipld.Map) c).size();
  }

  static Ipld element(Ipld c, int i) {
    return c instanceof Ipld.List l ? l.get(i) : ((Ipld.Map) c).value(i);
  }

  static Ipld.List listOf(List<Statement> statements) {
    List<Ipld> items = new ArrayList<>(statements.size());
    for (Statement s : statements) {
      items.add(s.toIpld());
    }
    return new Ipld.List(items);
  }
}
