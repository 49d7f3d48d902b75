package dev.ipvm.index.http;

import dev.ipvm.topic.Headers;
import java.util.Locale;

/** How a response is encoded, chosen by the request's {@code Accept}: JSON unless DAG-CBOR or DAG-JSON is asked for. */
public enum Representation {
  /** a JSON view: each receipt as {cid, invoker?, receipt: its payload in DAG-JSON form} */
  JSON("application/json"),
  /** the signed envelopes themselves, as DAG-JSON */
  DAG_JSON(Headers.DAG_JSON),
  /** the signed envelopes themselves, as DAG-CBOR (a single receipt: the bytes read from the topic) */
  DAG_CBOR(Headers.DAG_CBOR);

  private final String mediaType;

  Representation(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The first of DAG-CBOR or DAG-JSON that {@code accept} names (in its order), else JSON. */
  public static Representation of(String accept) {
    if (accept == null) {
      return JSON;
    }
    for (String part : accept.split(",")) {
      String type = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
      if (type.equals(Headers.DAG_CBOR)) {
        return DAG_CBOR;
      }
      if (type.equals(Headers.DAG_JSON)) {
        return DAG_JSON;
      }
      if (type.equals("application/json")) {
        return JSON;
      }
    }
    return JSON;
  }
}
