package dev.ipvm.job.intake;

import dev.ipvm.cid.Cid;
import dev.ipvm.job.event.DlqReason;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import dev.ipvm.ucan.authority.Revocation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * The delegations and revocations read from their compacted topics, held by every intake
 * instance (Flink broadcast state, so they are in every checkpoint and survive a restart) and
 * honoured from the moment they are read. Each record is checked once, when read: a delegation
 * must be a signed delegation stored under its own CID; a revocation must come from the revoked
 * delegation's issuer or one above it in its chain ({@link Revocation}). What fails becomes a
 * DLQ record, written by one instance only.
 */
final class Credentials {
  /** Delegation envelopes by CID text. */
  static final MapStateDescriptor<String, byte[]> DELEGATIONS = new MapStateDescriptor<>("delegations",
      BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  /** Revoked delegations' CID texts; the value is the revocation's CID text. Never removed: revocation is final. */
  static final MapStateDescriptor<String, String> REVOKED = new MapStateDescriptor<>("revoked",
      BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  /** Why a record on an authority topic was not taken: its DLQ reason and message. */
  record Refusal(DlqReason reason, String message) {}

  private final int maxDelegations;
  /** Decoded delegations, so a busy proof is not decoded for every invocation. Not state: rebuilt on use. */
  private final Map<Cid, Signed<Delegation>> decoded = new HashMap<>();
  /** How many delegations the state holds; counted once after a restore, then kept. */
  private int size = -1;

  Credentials(int maxDelegations) {
    this.maxDelegations = maxDelegations;
  }

  /** Stores (or, for a tombstone, forgets) a delegation record; null when taken. */
  Refusal delegation(InboundRecord r, BroadcastState<String, byte[]> state) throws Exception {
    String key = new String(r.key(), StandardCharsets.UTF_8);
    if (r.value().length == 0) {
      if (!key.isEmpty() && state.contains(key)) {
        int before = count(state);
        state.remove(key);
        size = before - 1;
        decoded.clear();
      }
      return null;
    }
    Signed<Delegation> d;
    try {
      d = Delegation.decode(r.value());
    } catch (RuntimeException e) {
      return new Refusal(DlqReason.INVALID_DELEGATION, "not a UCAN delegation: " + e.getMessage());
    }
    Optional<UcanException> bad = d.signatureProblem();
    if (bad.isPresent()) {
      return new Refusal(DlqReason.INVALID_DELEGATION, "the delegation " + d.cid() + " does not verify: " + bad.get().getMessage());
    }
    String cid = d.cid().toString();
    if (!key.isEmpty() && !key.equals(cid)) {
      return new Refusal(DlqReason.INVALID_DELEGATION, "the record's key is " + key + ", but the delegation's CID is " + cid);
    }
    if (state.contains(cid)) {
      return null;
    }
    if (count(state) >= maxDelegations) {
      return new Refusal(DlqReason.TOO_MANY_DELEGATIONS, "this executor holds " + maxDelegations
          + " delegations (authority.delegations.max); delete expired ones with a tombstone");
    }
    state.put(cid, r.value());
    size++;
    return null;
  }

  /** Records a revocation; null when taken. */
  Refusal revocation(InboundRecord r, ReadOnlyBroadcastState<String, byte[]> delegations,
      BroadcastState<String, String> revoked) throws Exception {
    if (r.value().length == 0) {
      return null; // a tombstone: revocation is irreversible, so there is nothing to undo
    }
    try {
      Signed<Invocation> rev = Invocation.decode(r.value());
      Map<Cid, Signed<Delegation>> sent = Authority.headerProofs(r.proofs());
      Cid cid = Revocation.check(rev, c -> sent.containsKey(c) ? Optional.of(sent.get(c)) : find(delegations, c));
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (!key.isEmpty() && !key.equals(cid.toString())) {
        return new Refusal(DlqReason.INVALID_REVOCATION, "the record's key is " + key + ", but it revokes " + cid);
      }
      revoked.put(cid.toString(), rev.cid().toString());
      return null;
    } catch (Exception e) {
      return new Refusal(DlqReason.INVALID_REVOCATION, String.valueOf(e.getMessage()));
    }
  }

  /** A delegation read from the topic, by CID. */
  Optional<Signed<Delegation>> find(ReadOnlyBroadcastState<String, byte[]> state, Cid cid) {
    Signed<Delegation> d = decoded.get(cid);
    if (d != null) {
      return Optional.of(d);
    }
    try {
      byte[] bytes = state.get(cid.toString());
      if (bytes == null) {
        return Optional.empty(); // not cached: an unknown CID must not grow the cache
      }
      d = Delegation.decode(bytes);
    } catch (Exception e) {
      return Optional.empty(); // stored only after decoding: cannot happen
    }
    if (decoded.size() >= 10_000) {
      decoded.clear();
    }
    decoded.put(cid, d);
    return Optional.of(d);
  }

  private int count(BroadcastState<String, byte[]> state) throws Exception {
    if (size < 0) {
      int n = 0;
      for (var ignored : state.entries()) {
        n++;
      }
      size = n;
    }
    return size;
  }
}
