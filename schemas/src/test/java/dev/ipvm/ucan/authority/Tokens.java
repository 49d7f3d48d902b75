package dev.ipvm.ucan.authority;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Signs hand-built delegations and invocations and keeps the delegations in a store by CID. */
final class Tokens {
  static final long NOW = 1_767_225_600L; // 2026-01-01, the fixtures' time

  final Map<Cid, Signed<Delegation>> store = new HashMap<>();
  final Set<Cid> revoked = new HashSet<>();

  static String did(Signer s) {
    return s.did().toString();
  }

  /** A delegation from {@code iss} to {@code aud} of {@code cmd} on {@code sub}, no policy, no time bounds. */
  static Delegation grant(Signer iss, Signer aud, String sub, String cmd) {
    return grant(iss, aud, sub, cmd, Ipld.list(), null, null);
  }

  static Delegation grant(Signer iss, Signer aud, String sub, String cmd, Ipld.List pol, Long nbf, Long exp) {
    return new Delegation(did(iss), did(aud), sub, cmd, pol, new byte[] {1, 2, 3, 4}, null, nbf, exp);
  }

  /** Signs {@code d} with {@code signer} under the default (1.0.0) tag and stores it. */
  Signed<Delegation> sign(Signer signer, Delegation d) {
    return put(Signed.sign(signer, d));
  }

  /** Signs {@code d} under {@code tag}, decoded back from its bytes as an executor receives it, and stores it. */
  Signed<Delegation> sign(Signer signer, Delegation d, String tag) {
    return put(Delegation.decode(Envelope.sign(signer, tag, d.toIpld()).bytes()));
  }

  Signed<Delegation> put(Signed<Delegation> d) {
    store.put(d.cid(), d);
    return d;
  }

  /** A chain from {@code principals[0]} (the subject) through each principal to the last, all of {@code cmd}. */
  List<Signed<Delegation>> chain(String cmd, Signer... principals) {
    List<Signed<Delegation>> out = new ArrayList<>();
    String sub = did(principals[0]);
    for (int i = 0; i + 1 < principals.length; i++) {
      out.add(sign(principals[i], grant(principals[i], principals[i + 1], sub, cmd)));
    }
    return out;
  }

  static Invocation.Builder invocation(Signer iss, String sub, String cmd, List<Signed<Delegation>> prf) {
    return Invocation.builder().iss(did(iss)).sub(sub).cmd(cmd)
        .prf(prf.stream().map(Signed::cid).toList());
  }

  static Signed<Invocation> invoke(Signer iss, String sub, String cmd, List<Signed<Delegation>> prf) {
    return Signed.sign(iss, invocation(iss, sub, cmd, prf).build());
  }

  Verdict validate(Validator v, Signed<Invocation> inv, long now) {
    return v.validate(inv, cid -> Optional.ofNullable(store.get(cid)), now, revoked::contains);
  }
}
