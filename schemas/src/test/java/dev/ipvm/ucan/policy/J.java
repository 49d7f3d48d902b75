package dev.ipvm.ucan.policy;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;

/** Test shorthand: IPLD from JSON written with single quotes, and one-statement policies. */
final class J {
  private J() {}

  /** DAG-JSON with {@code '} for {@code "} (no test string needs a quote of its own). */
  static Ipld json(String singleQuoted) {
    return DagJson.decode(singleQuoted.replace('\'', '"'));
  }

  static Policy policy(String singleQuoted) {
    return Policy.parse(json(singleQuoted));
  }

  /** Whether the one statement holds on {@code args}. */
  static boolean holds(String statement, String args) {
    return policy("[" + statement + "]").matches(json(args));
  }

  static boolean holds(String statement, Ipld args) {
    return policy("[" + statement + "]").matches(args);
  }

  /** The selector's value on {@code args}, or Java null when it cannot be resolved. */
  static Ipld select(String selector, String args) {
    return Selector.parse(selector, Limits.DEFAULT_MAX_SELECTOR_LENGTH).select(json(args));
  }

  static Ipld select(String selector, Ipld args) {
    return Selector.parse(selector, Limits.DEFAULT_MAX_SELECTOR_LENGTH).select(args);
  }
}
