package dev.ipvm.ucan;

import dev.ipvm.ipld.Ipld;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@link Invocation} and {@link Delegation} share as signed payloads of the UCAN 1.0 spec:
 * their two tags (the release and its release candidate), their known fields, how a payload map
 * is read and validated, how an envelope of theirs is decoded, the checks of every constructor,
 * and equality by their IPLD form.
 */
final class PayloadForm<P extends Payload> {
  private final String kind;
  private final String tag;
  private final String tagRc1;
  private final Set<String> tags;
  private final Set<String> fields;
  private final Function<Fields, P> read;

  /**
   * @param kind what the payload is called in messages: {@code invocation}, {@code delegation}
   * @param fields the payload's fields; any other is refused
   * @param read builds the payload from its fields, each read (and checked) by {@link Fields}
   */
  PayloadForm(String kind, String tag, String tagRc1, Set<String> fields, Function<Fields, P> read) {
    this.kind = kind;
    this.tag = tag;
    this.tagRc1 = tagRc1;
    this.tags = Set.of(tag, tagRc1);
    this.fields = fields;
    this.read = read;
  }

  /** The tags read as this payload: the 1.0.0 release and its release candidate. */
  Set<String> tags() {
    return tags;
  }

  String tag(TagSpelling spelling) {
    return spelling == TagSpelling.RC1 ? tagRc1 : tag;
  }

  /** Parses and validates a payload map, naming the first field that is wrong. */
  P fromIpld(Ipld.Map map) {
    Fields f = new Fields(map, kind);
    f.onlyKnown(fields);
    return read.apply(f);
  }

  /** Decodes an envelope of this payload. The signature is not checked: call {@link Signed#verify()}. */
  Signed<P> decode(byte[] bytes) {
    String article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
    return Signed.decode(bytes, tags, article + kind, e -> fromIpld(e.payload()));
  }

  /**
   * The check every payload's constructor makes after its fields are present: the command is
   * well-formed. Returns a copy of {@code nonce}, for the record to keep.
   */
  static byte[] checked(String cmd, byte[] nonce) {
    byte[] copy = nonce.clone();
    String problem = Command.problem(cmd);
    if (problem != null) {
      throw new UcanException(UcanException.Reason.INVALID_PAYLOAD, problem);
    }
    return copy;
  }

  /** Payloads are equal when their IPLD forms are (a record's own equality would compare arrays by identity). */
  static boolean equal(Payload p, Object o) {
    return o != null && o.getClass() == p.getClass() && p.toIpld().equals(((Payload) o).toIpld());
  }

  /** {@code Invocation{...}}: the class and its IPLD form. */
  static String toString(Payload p) {
    return p.getClass().getSimpleName() + p.toIpld();
  }
}
