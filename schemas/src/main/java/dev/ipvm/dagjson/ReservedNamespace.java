package dev.ipvm.dagjson;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.ipld.KeyOrder;
import java.util.Map;

/**
 * The reserved {@code "/"} namespace of the DAG-JSON spec ("The Reserved Namespace"): which JSON
 * objects are links, which are bytes, and which may not appear at all.
 *
 * <p>A link is exactly {@code {"/": string}} and bytes exactly {@code {"/": {"bytes": string}}}.
 * The spec then rejects maps whose <em>first</em> key is {@code "/"} holding a string, or holding a
 * map whose first key is {@code "bytes"} holding a string, when either map has other keys. Its
 * text says "first" means "sorts first"; its examples read it as "written first" (they call
 * {@code {"/":{"bytes":"foo","bar":"baz"}}} invalid though "bar" sorts before "bytes"). We apply
 * the rule under both readings and reject a map that breaks either:
 *
 * <ul>
 *   <li>by sort order (bytewise UTF-8, the order every canonical encoder writes), so everything
 *       the decoder accepts, the encoder can write back: a decoder going by input order alone
 *       would accept {@code {"a":1,"/":"x"}}, whose canonical form is itself invalid;
 *   <li>by input order, as the spec's examples and the tokenizing JavaScript and Go decoders do.
 * </ul>
 *
 * The encoder writes sorted maps, where both readings agree. One spec example disagrees:
 * {@code {"0bar":"baz","/":"foo"}} is called valid because "0bar" sorts before "/", which it does
 * not bytewise (0x30 > 0x2F); we follow the rule and reject it.
 */
final class ReservedNamespace {
  private ReservedNamespace() {}

  static final String SLASH = "/";
  static final String BYTES = "bytes";

  /** What a JSON object with given entries means. */
  enum Shape {
    /** An ordinary map. */
    PLAIN,
    /** {@code {"/": string}}: a link. */
    LINK,
    /** {@code {"/": {"bytes": string}}}: bytes. */
    BYTES,
    /** A link or bytes form with other keys beside it: not valid DAG-JSON. */
    INVALID
  }

  /** The shape with "first" read as "sorts first", as for a map about to be written. */
  static Shape shape(Map<String, Ipld> entries) {
    Ipld slash = entries.get(SLASH);
    String innerFirst = slash instanceof Ipld.Map inner ? smallestKey(inner.entries()) : null;
    return shape(entries, smallestKey(entries), innerFirst);
  }

  /**
   * The shape given which key counts as the map's first and, when the "/" entry holds a map,
   * which key counts as that inner map's first (null otherwise).
   */
  static Shape shape(Map<String, Ipld> entries, String first, String innerFirst) {
    if (!SLASH.equals(first)) {
      return Shape.PLAIN;
    }
    Ipld slash = entries.get(SLASH);
    if (slash instanceof Ipld.Text) {
      return entries.size() == 1 ? Shape.LINK : Shape.INVALID;
    }
    if (slash instanceof Ipld.Map inner && BYTES.equals(innerFirst) && inner.get(BYTES) instanceof Ipld.Text) {
      return entries.size() == 1 && inner.size() == 1 ? Shape.BYTES : Shape.INVALID;
    }
    return Shape.PLAIN; // e.g. {"/": 1} or {"/": [..]}: the spec lets these be plain maps
  }

  private static String smallestKey(Map<String, Ipld> entries) {
    String min = null;
    for (String k : entries.keySet()) {
      if (min == null || KeyOrder.DAG_JSON.compare(k, min) < 0) {
        min = k;
      }
    }
    return min;
  }
}
