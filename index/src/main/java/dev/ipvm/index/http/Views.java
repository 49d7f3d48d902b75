package dev.ipvm.index.http;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receipts as responses. JSON: {@code {"cid", "invoker"?, "receipt": payload}} for one,
 * {@code {"receipts": [...], "next"?}} for a list. DAG-CBOR and DAG-JSON: the signed envelope for
 * one (DAG-CBOR: the very bytes read from the topic, whose CID is the one asked for), and
 * {@code {"receipts": [envelope, ...], "next"?}} for a list. {@code /invocations/{cid}} adds the
 * invocation when it was read; {@code /awaiting/{taskId}} lists invocations.
 */
final class Views {
  /** A stored receipt: its CID and envelope bytes. */
  record Stored(Cid cid, byte[] envelope) {}

  private final Function<Cid, Optional<String>> invokers;

  /** @param invokers the invoking issuer of an invocation CID, when known */
  Views(Function<Cid, Optional<String>> invokers) {
    this.invokers = invokers;
  }

  byte[] one(Stored receipt, Representation rep) {
    return switch (rep) {
      case DAG_CBOR -> receipt.envelope();
      case DAG_JSON -> DagJson.encode(DagCbor.decode(receipt.envelope()));
      case JSON -> DagJson.encode(json(receipt));
    };
  }

  byte[] list(List<Stored> receipts, Long next, Representation rep) {
    return list(receipts, next, rep, null);
  }

  /**
   * A list of receipts; with {@code invocation} (its envelope bytes, or null) also
   * {@code "invocation"}: its payload (JSON) or envelope (DAG-CBOR, DAG-JSON).
   */
  byte[] list(List<Stored> receipts, Long next, Representation rep, Stored invocation) {
    List<Ipld> items = new ArrayList<>();
    for (Stored r : receipts) {
      items.add(rep == Representation.JSON ? json(r) : DagCbor.decode(r.envelope()));
    }
    Ipld.Map body = Ipld.Map.builder()
        .put("receipts", new Ipld.List(items))
        .putIfPresent("invocation", invocation == null ? null : rep == Representation.JSON
            ? invocationJson(invocation) : DagCbor.decode(invocation.envelope()))
        .putIfPresent("next", next == null ? null : Ipld.text(Long.toString(next)))
        .build();
    return encode(body, rep);
  }

  /** Invocations: JSON {@code {"invocations": [{cid, task, invocation: payload}], "next"?}}; DAG: their envelopes. */
  byte[] invocations(List<Stored> invocations, Long next, Representation rep) {
    List<Ipld> items = new ArrayList<>();
    for (Stored i : invocations) {
      items.add(rep == Representation.JSON ? invocationJson(i) : DagCbor.decode(i.envelope()));
    }
    Ipld.Map body = Ipld.Map.builder()
        .put("invocations", new Ipld.List(items))
        .putIfPresent("next", next == null ? null : Ipld.text(Long.toString(next)))
        .build();
    return encode(body, rep);
  }

  private static Ipld.Map invocationJson(Stored i) {
    Signed<Invocation> signed = Invocation.decode(i.envelope());
    return Ipld.Map.builder()
        .put("cid", i.cid().toString())
        .put("task", signed.payload().taskId().toString())
        .put("invocation", signed.envelope().payload())
        .build();
  }

  private static byte[] encode(Ipld.Map body, Representation rep) {
    return rep == Representation.DAG_CBOR ? DagCbor.encode(body) : DagJson.encode(body);
  }

  private Ipld.Map json(Stored r) {
    Signed<Receipt> signed = Receipt.decode(r.envelope());
    String invoker = invokers.apply(signed.payload().ran()).orElse(null);
    return Ipld.Map.builder()
        .put("cid", r.cid().toString())
        .putIfPresent("invoker", invoker == null ? null : Ipld.text(invoker))
        .put("receipt", signed.envelope().payload())
        .build();
  }

  /** The JSON body of an error. */
  static byte[] error(ApiError error, String message) {
    Ipld.Map e = Ipld.Map.builder().put("name", error.errorName()).put("message", message).build();
    return DagJson.encode(Ipld.Map.builder().put("error", e).build());
  }
}
