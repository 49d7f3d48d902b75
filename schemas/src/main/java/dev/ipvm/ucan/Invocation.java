package dev.ipvm.ucan;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A UCAN 1.0 invocation payload (invocation spec 1.0.0): {@code iss} asks for
 * {@code cmd} with {@code args} on {@code sub}, backed by the delegations in {@code prf}.
 *
 * @param aud the executor, when it differs from {@code sub}; may be null
 * @param meta free-form fields outside the signature's meaning for the Task ID (fuel, limits, tags); may be null
 * @param nonce empty marks work that may be shared with anyone asking the same
 * @param exp expiry in seconds since the epoch; null never expires
 * @param iat issued-at seconds; may be null
 * @param cause the receipt that caused this invocation; may be null
 */
public record Invocation(String iss, String sub, String aud, String cmd, Ipld.Map args,
    List<Cid> prf, Ipld.Map meta, byte[] nonce, Long exp, Long iat, Cid cause) implements Payload {

  /** The tag written by default: UCAN 1.0.0 as released. */
  public static final String TAG = "ucan/inv@1.0.0";
  /** The release candidate's tag, written with {@link TagSpelling#RC1} for older peers. */
  public static final String TAG_RC1 = "ucan/inv@1.0.0-rc.1";
  /** Tags read as invocations: the 1.0.0 release and its release candidate. */
  private static final PayloadForm<Invocation> FORM = new PayloadForm<>("invocation", TAG, TAG_RC1,
      Set.of("iss", "sub", "aud", "cmd", "args", "prf", "meta", "nonce", "exp", "iat", "cause"),
      f -> new Invocation(f.did("iss"), f.did("sub"), f.optionalDid("aud"), f.command("cmd"),
          f.map("args"), f.links("prf"), f.optionalMap("meta"), f.bytes("nonce"),
          f.nullableTime("exp"), f.optionalTime("iat"), f.optionalLink("cause")));
  public static final Set<String> TAGS = FORM.tags();

  public Invocation {
    Objects.requireNonNull(iss, "iss");
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(cmd, "cmd");
    Objects.requireNonNull(args, "args");
    prf = List.copyOf(prf);
    nonce = PayloadForm.checked(cmd, nonce);
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public String tag(TagSpelling spelling) {
    return FORM.tag(spelling);
  }

  /** Parses and validates a payload map, naming the first field that is wrong. */
  public static Invocation fromIpld(Ipld.Map map) {
    return FORM.fromIpld(map);
  }

  /** Decodes an invocation envelope. The signature is not checked: call {@link Signed#verify()}. */
  public static Signed<Invocation> decode(byte[] bytes) {
    return FORM.decode(bytes);
  }

  @Override
  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("iss", iss)
        .put("sub", sub)
        .putIfPresent("aud", aud == null ? null : Ipld.text(aud))
        .put("cmd", cmd)
        .put("args", args)
        .put("prf", Ipld.links(prf))
        .putIfPresent("meta", meta)
        .put("nonce", Ipld.Bytes.of(nonce))
        .put("exp", exp == null ? Ipld.NULL : Ipld.integer(exp))
        .putIfPresent("iat", iat == null ? null : Ipld.integer(iat))
        .putIfPresent("cause", cause == null ? null : Ipld.link(cause))
        .build();
  }

  /** The map whose CID is the {@link #taskId()}: what is asked, not who asks or how. */
  public Ipld.Map taskIdPreimage() {
    return Ipld.Map.builder()
        .put("sub", sub)
        .put("cmd", cmd)
        .put("args", args)
        .put("nonce", Ipld.Bytes.of(nonce))
        .build();
  }

  /**
   * The Task ID, the memo key: CID (dag-cbor, sha2-256) of {@code {sub, cmd, args, nonce}}.
   * {@code meta}, {@code prf}, {@code exp}, the issuer and the signature are not part of it.
   */
  public Cid taskId() {
    return DagCbor.cid(taskIdPreimage());
  }

  /** An empty nonce: the invoker lets identical work be shared (memoized, coalesced). */
  public boolean shareable() {
    return nonce.length == 0;
  }

  /** Whether the invocation has expired at {@code epochSeconds}. */
  public boolean expiredAt(long epochSeconds) {
    return exp != null && epochSeconds >= exp;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return PayloadForm.equal(this, o);
  }

  @Override
  public int hashCode() {
    return toIpld().hashCode();
  }

  @Override
  public String toString() {
    return PayloadForm.toString(this);
  }

  /** Builds an invocation; {@code sub} defaults to the issuer, the nonce to 12 random bytes. */
  public static final class Builder {
    private String iss;
    private String sub;
    private String aud;
    private String cmd;
    private Ipld.Map args = Ipld.Map.EMPTY;
    private List<Cid> prf = List.of();
    private Ipld.Map meta;
    private byte[] nonce;
    private Long exp;
    private Long iat;
    private Cid cause;

    private Builder() {}

    public Builder iss(String v) { iss = v; return this; }
    public Builder sub(String v) { sub = v; return this; }
    public Builder aud(String v) { aud = v; return this; }
    public Builder cmd(String v) { cmd = v; return this; }
    public Builder args(Ipld.Map v) { args = v; return this; }
    public Builder prf(List<Cid> v) { prf = v; return this; }
    public Builder meta(Ipld.Map v) { meta = v; return this; }
    public Builder nonce(byte[] v) { nonce = v.clone(); return this; }
    /** Marks the work as shareable: memoized and coalesced with identical invocations. */
    public Builder emptyNonce() { nonce = new byte[0]; return this; }
    public Builder exp(Long v) { exp = v; return this; }
    public Builder iat(Long v) { iat = v; return this; }
    public Builder cause(Cid v) { cause = v; return this; }

    public Invocation build() {
      if (nonce == null) {
        nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
      }
      Invocation inv = new Invocation(iss, sub != null ? sub : iss, aud, cmd, args, prf, meta,
          nonce, exp, iat, cause);
      // validate exactly as a received payload would be
      return fromIpld(inv.toIpld());
    }
  }
}
