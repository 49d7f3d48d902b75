package dev.ipvm.dagjson;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;

/** The DAG-JSON codec (multicodec 0x0129): entry points for encode, decode and CIDs. */
public final class DagJson {
  private DagJson() {}

  /**
   * The canonical encoding, as UTF-8 bytes.
   *
   * @throws DagJsonException when the value has no DAG-JSON form
   */
  public static byte[] encode(Ipld value) {
    return DagJsonEncoder.encode(value);
  }

  /** The canonical encoding as text. */
  public static String encodeToString(Ipld value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }

  /** @throws DagJsonException naming the rule and line:column when the bytes are not DAG-JSON */
  public static Ipld decode(byte[] json) {
    return DagJsonDecoder.decode(json);
  }

  /** @throws DagJsonException naming the rule and line:column when the text is not DAG-JSON */
  public static Ipld decode(String json) {
    return DagJsonDecoder.decode(json);
  }

  /** The CIDv1 (dag-json, sha2-256) of the value's canonical encoding. */
  public static Cid cid(Ipld value) {
    return Cid.of(Multicodec.DAG_JSON, encode(value));
  }
}
