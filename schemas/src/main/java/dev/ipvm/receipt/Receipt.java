package dev.ipvm.receipt;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.DidKey;
import dev.ipvm.ucan.Payload;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Fields;
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
    return Ipld.Map.builder()
        .put("iss", iss)
        .put("ran", Ipld.link(ran))
        .put("out", out.toIpld())
        .put("fx", fx.toIpld())
        .put("meta", meta)
        .put("prf", Ipld.links(prf))
        .putIfPresent("iat", iat == null ? null : Ipld.integer(iat))
        .build();
  }

  public static Receipt fromIpld(Ipld.Map map) {
    Fields f = new Fields(map, "receipt");
    f.onlyKnown(FIELDS);
    String iss = f.did("iss");
    Cid ran = f.link("ran");
    Outcome out;
    Effects fx;
    try {
      out = Outcome.fromIpld(f.any("out"));
    } catch (IllegalArgumentException e) {
      throw f.invalid("out", e.getMessage());
    }
    try {
      fx = Effects.fromIpld(f.any("fx"));
    } catch (IllegalArgumentException e) {
      throw f.invalid("fx", e.getMessage());
    }
    return new Receipt(iss, ran, out, fx, f.map("meta"), f.links("prf"), f.optionalTime("iat"));
  }

  /** Decodes a receipt envelope. The signature is not checked: call {@link Signed#verify()}. */
  public static Signed<Receipt> decode(byte[] bytes) {
    return Signed.decode(bytes, TAGS, "a receipt", e -> fromIpld(e.payload()));
  }

  /** The Task ID recorded in {@code meta.task}, or null when absent. */
  public Cid taskId() {
    return meta.get("task") instanceof Ipld.Link l ? l.cid() : null;
  }
}
