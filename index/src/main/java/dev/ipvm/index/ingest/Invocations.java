package dev.ipvm.index.ingest;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexBatch;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.SignatureVerifier;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * What the index does with the invocations topic's records. An invocation is indexed (its issuer,
 * envelope and awaits) only once its signature is known to be good, and that is learnt the cheap way
 * when it can: the job runs an invocation, and so answers it {@code ok}, only after verifying its
 * signature against its issuer, and a receipt names the invocation by the CID of its exact bytes.
 * So a trusted executor's {@code ok} receipt for a CID vouches for those bytes, and checking the
 * signature again would only repeat the executor's work: it is the second Ed25519 check per receipt
 * that halved the indexing rate. Error receipts vouch for nothing (the job answers bad signatures,
 * and some refusals come before the signature check), so an invocation answered only by errors, or
 * not answered within {@code wait}, is verified on its own and dropped (counted) when it fails.
 *
 * <p>Until then the invocation is held in the index ({@code pending_invocations}), written in the
 * same batch as the offsets it was read at, so holding keeps the exactly-once property; so does
 * releasing, each a batch of its own. A receipt read before its invocation leaves a mark
 * ({@code vouched}) that the invocation, when read, is indexed on.
 */
final class Invocations {
  /** Held invocations checked in one sweep at most. */
  private static final int SWEEP_MAX = 5000;
  /** Held invocations kept decoded in memory at most. */
  private static final int DECODED_MAX = 10_000;

  private final IndexStore store;
  private final Duration wait;
  private final SignatureVerifier verifier;
  /**
   * Invocations held, as decoded when read, so that their receipt (often in the next poll) does not
   * decode them again on the writer's thread. Keyed by CID, so never stale; bounded, the oldest
   * dropped (then decoded from the index).
   */
  private final Map<Cid, Prepared.InvocationRead> decoded = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Cid, Prepared.InvocationRead> eldest) {
      return size() > DECODED_MAX;
    }
  };
  private long nextSweep;

  Invocations(IndexStore store, Duration wait, SignatureVerifier verifier) {
    this.store = store;
    this.wait = wait;
    this.verifier = verifier;
  }

  /** The record's invocation when it is one (DAG-JSON re-encoded as the job does), not verified; else null. */
  static Signed<Invocation> decode(byte[] value, Header contentType) {
    try {
      byte[] bytes = value;
      if (contentType != null && new String(contentType.value(), StandardCharsets.UTF_8).startsWith(Headers.DAG_JSON)) {
        bytes = DagCbor.encode(DagJson.decode(bytes));
      }
      return Invocation.decode(bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** An invocation read from the topic: indexed when vouched for already, else held. */
  void read(IndexBatch batch, Prepared.InvocationRead inv) {
    Cid cid = inv.cid();
    if (batch.hasInvocation(cid)) {
      return;  // read before: the same bytes twice on the topic
    }
    if (batch.takeVouch(cid)) {
      add(batch, inv);
      batch.count(Counter.INVOCATIONS_VOUCHED);
    } else {
      batch.hold(cid, System.currentTimeMillis(), inv.envelope());
      decoded.put(cid, new Prepared.InvocationRead(null, cid, inv.issuer(), inv.envelope(), inv.awaited()));
    }
  }

  /** A trusted receipt for {@code ran} was indexed: the invocation, when held, is indexed (ok) or verified (error). */
  void answered(IndexBatch batch, Cid ran, boolean ok) {
    byte[] held = batch.held(ran);
    if (held != null) {
      batch.release(ran);
      Prepared.InvocationRead inv = decoded.remove(ran);
      if (inv == null) {
        inv = Prepared.InvocationRead.of(null, Invocation.decode(held));
      }
      if (ok) {
        add(batch, inv);
        batch.count(Counter.INVOCATIONS_VOUCHED);
      } else {
        addIfVerified(batch, inv);
      }
    } else if (ok && !batch.hasInvoker(ran)) {
      batch.vouch(ran);
    }
  }

  /**
   * Verifies the invocations held longer than {@code wait} (no ok receipt came for them) and
   * indexes or drops them, in a batch of their own; at most once per {@code wait / 2}.
   */
  void sweep() {
    long now = System.currentTimeMillis();
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + Math.max(50, wait.toMillis() / 2);
    List<IndexStore.Held> due = store.heldBefore(now - wait.toMillis() + 1, SWEEP_MAX);
    if (due.isEmpty()) {
      return;
    }
    // the checks in parallel, the writes in order, as for a poll's records
    List<Prepared.InvocationRead> checked = due.parallelStream().map(h -> verified(h.envelope())).toList();
    IndexBatch batch = store.batch();
    for (int i = 0; i < due.size(); i++) {
      batch.release(due.get(i).invocation());
      decoded.remove(due.get(i).invocation());
      if (checked.get(i) != null) {
        add(batch, checked.get(i));
      } else {
        batch.count(Counter.INVOCATIONS_SKIPPED);
      }
    }
    store.write(batch);
  }

  private void addIfVerified(IndexBatch batch, Prepared.InvocationRead inv) {
    if (verified(inv.envelope()) != null) {
      add(batch, inv);
    } else {
      batch.count(Counter.INVOCATIONS_SKIPPED);
    }
  }

  private Prepared.InvocationRead verified(byte[] envelope) {
    try {
      return Prepared.InvocationRead.of(null, Invocation.decode(envelope).verify(verifier));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void add(IndexBatch batch, Prepared.InvocationRead inv) {
    if (batch.addInvocation(inv.cid(), inv.issuer(), inv.envelope(), inv.awaited())) {
      batch.count(Counter.INVOCATIONS);
    }
  }
}
