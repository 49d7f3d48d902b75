package dev.ipvm.ucan.policy;

import dev.ipvm.ipld.Ipld;

/**
 * Says why a statement is false, for {@link Policy#violation}. The verdicts always come from
 * {@link Statement#test}; this only walks down to the innermost statement that decided and words
 * it, so a message can never disagree with {@link Policy#matches}. Values and statements are cut
 * short: a message names what failed, it does not echo the whole of {@code args}.
 */
final class Explain {
  static final int STATEMENT_CHARS = 160;
  static final int VALUE_CHARS = 80;

  private Explain() {}

  /** Why {@code s} is false on {@code v}; {@code s.test(v)} must be false. */
  static String why(Statement s, Ipld v) {
    if (s instanceof Statement.Equal e) {
      return leaf(e.selector(), v, got -> "is " + value(got) + ", not equal to " + value(e.value()));
    }
    if (s instanceof Statement.NotEqual e) {
      return leaf(e.selector(), v, got -> "is " + value(got) + ", which != forbids");
    }
    if (s instanceof Statement.Compare c) {
      return leaf(c.selector(), v, got -> Values.isNumber(got)
          ? "is " + value(got) + ", not " + c.op().symbol + " " + value(c.number())
          : "is " + Values.aKind(got) + "; " + c.op().symbol + " compares numbers only");
    }
    if (s instanceof Statement.Like l) {
      return leaf(l.selector(), v, got -> got instanceof Ipld.Text
          ? "is " + value(got) + ", which does not match " + value(Ipld.text(l.glob().pattern()))
          : "is " + Values.aKind(got) + "; like matches strings only");
    }
    if (s instanceof Statement.Not n) {
      return "its inner statement " + statement(n.statement()) + " holds";
    }
    if (s instanceof Statement.And a) {
      for (Statement inner : a.statements()) {
        if (!inner.test(v)) {
          return statement(inner) + " is false: " + why(inner, v);
        }
      }
    }
    if (s instanceof Statement.Or o) {
      Statement first = o.statements().get(0);
      return "none of its " + o.statements().size() + " statements holds; the first, "
          + statement(first) + ", is false: " + why(first, v);
    }
    if (s instanceof Statement.All a) {
      return quantified(a.selector(), v, c -> {
        for (int i = 0, n = Statement.size(c); i < n; i++) {
          Ipld e = Statement.element(c, i);
          if (!a.statement().test(e)) {
            return element(c, i) + " of " + a.selector() + " fails " + statement(a.statement())
                + ": " + why(a.statement(), e);
          }
        }
        throw new IllegalStateException("all holds");
      });
    }
    if (s instanceof Statement.Any a) {
      return quantified(a.selector(), v, c -> "no element of " + a.selector() + " ("
          + Statement.size(c) + ") satisfies " + statement(a.statement()));
    }
    throw new IllegalStateException("no explanation for " + s + " on " + v);
  }

  /** The statement as DAG-JSON, cut short. */
  static String statement(Statement s) {
    return Values.render(s.toIpld(), STATEMENT_CHARS);
  }

  private static String value(Ipld v) {
    return Values.render(v, VALUE_CHARS);
  }

  private static String element(Ipld c, int i) {
    return c instanceof Ipld.Map m ? "the value at key " + value(Ipld.text(m.key(i))) : "element " + i;
  }

  private interface Reason {
    String of(Ipld selected);
  }

  private static String leaf(Selector sel, Ipld v, Reason reason) {
    Ipld got = sel.select(v);
    return got == null ? sel.whyUnresolved(v) : sel + " " + reason.of(got);
  }

  private static String quantified(Selector sel, Ipld v, Reason reason) {
    Ipld got = sel.select(v);
    if (got == null) {
      return sel.whyUnresolved(v);
    }
    if (!Statement.isCollection(got)) {
      return sel + " is " + Values.aKind(got) + "; all and any quantify over a list or map only";
    }
    return reason.of(got);
  }
}
