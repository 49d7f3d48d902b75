package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import java.util.Locale;

/** How the messages about a document word what they found, shared by its parsers and its task graph. */
final class Wording {
  private Wording() {}

  /** The kind of a value as messages name it: {@code got a list}. */
  static String kind(Ipld v) {
    return v.kind().name().toLowerCase(Locale.ROOT);
  }

  /** Whether text is a CID, so that a message can hint it was meant as a link: {@code {"/": ...}}. */
  static boolean looksLikeCid(String s) {
    if (s.length() < 40) {
      return false;
    }
    try {
      Cid.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
