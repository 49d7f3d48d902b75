package dev.ipvm.cli.ucan;

import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.TagSpelling;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/**
 * What the commands that sign UCAN tokens ({@code invocation new}, {@code delegation new}) read
 * from their options: DAG-JSON maps, hex nonces and an expiry. Bad input names its option.
 */
final class TokenInputs {
  private TokenInputs() {}

  /** The {@code signature} object of an {@code inspect --json}: valid, or the error's name and message. */
  static void writeSignature(com.fasterxml.jackson.core.JsonGenerator g,
      java.util.Optional<dev.ipvm.ucan.UcanException> problem) throws java.io.IOException {
    g.writeObjectFieldStart("signature");
    g.writeBooleanField("valid", problem.isEmpty());
    if (problem.isPresent()) {
      g.writeStringField("error", problem.get().reason().errorName());
      g.writeStringField("message", problem.get().getMessage());
    }
    g.writeEndObject();
  }

  /** {@code --exp UNIX} or {@code --ttl SECONDS}, at most one. */
  static final class Expiry {
    @Option(names = "--exp", paramLabel = "UNIX", description = "Expiry, Unix seconds.")
    Long exp;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Expiry this many seconds from now.")
    Long ttl;

    /** The expiry in Unix seconds; {@code now} for {@code --ttl}. */
    long at(long now) {
      if (ttl != null && ttl <= 0) {
        throw new IllegalArgumentException("--ttl must be positive, got " + ttl);
      }
      return exp != null ? exp : now + ttl;
    }

    /** The expiry of an optional group; null (never expires) when neither option is given. */
    static Long of(Expiry expiry, long now) {
      return expiry == null ? null : expiry.at(now);
    }
  }

  /** {@code --rc1-tags}: the spelling the envelope is tagged with. */
  static TagSpelling spelling(boolean rc1Tags) {
    return rc1Tags ? TagSpelling.RC1 : TagSpelling.FINAL;
  }

  /** Any DAG-JSON value; {@code option} names it in the error. */
  static Ipld value(String option, String json) {
    try {
      return DagJson.decode(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " is not valid DAG-JSON: " + e.getMessage());
    }
  }

  /** A DAG-JSON map. */
  static Ipld.Map map(String option, String json) {
    Ipld value = value(option, json);
    if (!(value instanceof Ipld.Map m)) {
      throw new IllegalArgumentException(option + " must be a JSON object, got a " + value.kind().name().toLowerCase());
    }
    return m;
  }

  static byte[] hex(String option, String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " must be hex: " + e.getMessage());
    }
  }
}
