package dev.ipvm.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.DidKey;
import dev.ipvm.ucan.Payload;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A receipt payload ({@code ucan/rct@1.0.0-rc.1}): executor {@code iss} attests that running
 * the invocation {@code ran} gave {@code out} and asked for {@code fx}.
 *
 * @param ran the CID of the invocation envelope that was run
 * @param meta at least {@code task} (the Task ID link), {@code fuel} (instructions used), and for
 *     a memo hit {@code memo} (link to the receipt whose result was reused)
 * @param prf delegations proving the executor's authority; usually empty
 * @param iat issued-at seconds; may be null
 */
public record Receipt(String iss, Cid ran, Outcome out, Effects fx, Ipld.Map meta, List<Cid> prf,
    Long iat) implements Payload {

  public static final String TAG = "ucan/rct@1.0.0-rc.1";
  public static final Set<String> TAGS = Set.of(TAG, "ucan/rct@1.0.0");
  private static final Set<String> FIELDS = Set.of("iss", "ran", "out", "fx", "meta", "prf", "iat");

  public Receipt {
    Objects.requireNonNull(iss, "iss");
    Objects.requireNonNull(ran, "ran");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(fx, "fx");
    Objects.requireNonNull(meta, "meta");
    prf = List.copyOf(prf);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public Ipld.Map toIpld() {
    List<Ipld> proofs = new ArrayList<>();
    for (Cid c : prf) {
      proofs.add(Ipld.link(c));
    }
    return Ipld.Map.builder()
        .put("iss", iss)
        .put("ran", Ipld.link(ran))
        .put("out", out.toIpld())
        .put("fx", fx.toIpld())
        .put("meta", meta)
        .put("prf", new Ipld.List(proofs))
        .putIfPresent("iat", iat == null ? null : Ipld.integer(iat))
        .build();
  }

  public static Receipt fromIpld(Ipld.Map map) {
    for (String k : map.entries().keySet()) {
      if (!FIELDS.contains(k)) {
        throw invalid("field '" + k + "' is not a receipt field");
      }
    }
    try {
      if (!(map.get("iss") instanceof Ipld.Text iss)) {
        throw invalid("'iss' must be the executor's DID");
      }
      DidKey.parse(iss.value());
      if (!(map.get("ran") instanceof Ipld.Link ran)) {
        throw invalid("'ran' must be a link to the invocation");
      }
      if (map.get("out") == null || map.get("fx") == null) {
        throw invalid("'out' and 'fx' are required");
      }
      if (!(map.get("meta") instanceof Ipld.Map meta)) {
        throw invalid("'meta' must be a map");
      }
      if (!(map.get("prf") instanceof Ipld.List prfList)) {
        throw invalid("'prf' must be a list of links");
      }
      List<Cid> prf = new ArrayList<>();
      for (Ipld p : prfList.items()) {
        if (!(p instanceof Ipld.Link l)) {
          throw invalid("'prf' must hold only links");
        }
        prf.add(l.cid());
      }
      Ipld iat = map.get("iat");
      if (iat != null && !(iat instanceof Ipld.Int i && i.fitsLong() && i.signum() >= 0)) {
        throw invalid("'iat' must be a non-negative integer");
      }
      return new Receipt(iss.value(), ran.cid(), Outcome.fromIpld(map.get("out")),
          Effects.fromIpld(map.get("fx")), meta, prf,
          iat == null ? null : ((Ipld.Int) iat).longValue());
    } catch (UcanException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** Decodes a receipt envelope. The signature is not checked: call {@link Signed#verify()}. */
  public static Signed<Receipt> decode(byte[] bytes) {
    return Signed.decode(bytes, TAGS, "a receipt", e -> fromIpld(e.payload()));
  }

  /** The Task ID recorded in {@code meta.task}, or null when absent. */
  public Cid taskId() {
    return meta.get("task") instanceof Ipld.Link l ? l.cid() : null;
  }

  private static UcanException invalid(String message) {
    return new UcanException(UcanException.Reason.INVALID_PAYLOAD, "receipt " + message);
  }
}
