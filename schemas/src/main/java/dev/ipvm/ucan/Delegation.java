package dev.ipvm.ucan;

import dev.ipvm.ipld.Ipld;
import java.util.Objects;
import java.util.Set;

/**
 * A UCAN 1.0 delegation payload (delegation spec 1.0.0): {@code iss} grants {@code aud}
 * the authority to invoke {@code cmd} (and commands under it) on {@code sub}, within policy
 * {@code pol}.
 *
 * @param sub the subject; null for a powerline delegation (any subject)
 * @param pol the policy statements, a list; evaluated where invocations are checked against it
 * @param exp expiry in seconds; null never expires
 * @param nbf not-before in seconds; may be null
 * @param meta free-form; may be null
 */
public record Delegation(String iss, String aud, String sub, String cmd, Ipld.List pol,
    byte[] nonce, Ipld.Map meta, Long nbf, Long exp) implements Payload {

  /** The tag written by default: UCAN 1.0.0 as released. */
  public static final String TAG = "ucan/dlg@1.0.0";
  /** The release candidate's tag, written with {@link TagSpelling#RC1} for older peers. */
  public static final String TAG_RC1 = "ucan/dlg@1.0.0-rc.1";
  /** Tags read as delegations: the 1.0.0 release and its release candidate. */
  private static final PayloadForm<Delegation> FORM = new PayloadForm<>("delegation", TAG, TAG_RC1,
      Set.of("iss", "aud", "sub", "cmd", "pol", "nonce", "meta", "nbf", "exp"),
      f -> new Delegation(f.did("iss"), f.did("aud"), f.nullableDid("sub"), f.command("cmd"),
          f.list("pol"), f.bytes("nonce"), f.optionalMap("meta"), f.optionalTime("nbf"),
          f.nullableTime("exp")));
  public static final Set<String> TAGS = FORM.tags();

  public Delegation {
    Objects.requireNonNull(iss, "iss");
    Objects.requireNonNull(aud, "aud");
    Objects.requireNonNull(cmd, "cmd");
    Objects.requireNonNull(pol, "pol");
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
  public static Delegation fromIpld(Ipld.Map map) {
    return FORM.fromIpld(map);
  }

  /** Decodes a delegation envelope. The signature is not checked: call {@link Signed#verify()}. */
  public static Signed<Delegation> decode(byte[] bytes) {
    return FORM.decode(bytes);
  }

  @Override
  public Ipld.Map toIpld() {
    return Ipld.Map.builder()
        .put("iss", iss)
        .put("aud", aud)
        .put("sub", sub == null ? Ipld.NULL : Ipld.text(sub))
        .put("cmd", cmd)
        .put("pol", pol)
        .put("nonce", Ipld.Bytes.of(nonce))
        .putIfPresent("meta", meta)
        .putIfPresent("nbf", nbf == null ? null : Ipld.integer(nbf))
        .put("exp", exp == null ? Ipld.NULL : Ipld.integer(exp))
        .build();
  }

  /** Whether the delegation is in force at {@code epochSeconds}. */
  public boolean activeAt(long epochSeconds) {
    return (exp == null || epochSeconds < exp) && (nbf == null || epochSeconds >= nbf);
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
}
