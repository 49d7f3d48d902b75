package dev.ipvm.cid;

/** The multicodec codes this project names. A CID may carry any other code too. */
public final class Multicodec {
  private Multicodec() {}

  public static final long RAW = 0x55;
  public static final long DAG_CBOR = 0x71;
  public static final long DAG_JSON = 0x0129;
  public static final long DAG_PB = 0x70;
  public static final long ED25519_PUB = 0xed;

  /** The codec's table name, or its code in hex when this project has no name for it. */
  public static String name(long code) {
    if (code == RAW) return "raw";
    if (code == DAG_CBOR) return "dag-cbor";
    if (code == DAG_JSON) return "dag-json";
    if (code == DAG_PB) return "dag-pb";
    return "0x" + Long.toHexString(code);
  }

  /** @throws IllegalArgumentException for a name this project does not know */
  public static long byName(String name) {
    return switch (name) {
      case "raw" -> RAW;
      case "dag-cbor" -> DAG_CBOR;
      case "dag-json" -> DAG_JSON;
      case "dag-pb" -> DAG_PB;
      default -> throw new IllegalArgumentException(
          "unknown codec '" + name + "' (known: raw, dag-cbor, dag-json, dag-pb)");
    };
  }
}
