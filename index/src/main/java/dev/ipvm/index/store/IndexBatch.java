package dev.ipvm.index.store;

import dev.ipvm.cid.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One poll's worth of changes, written atomically by {@link IndexStore#write}: receipts with their
 * lookup entries, invokers, counters and the consumer offsets they were read up to. Reads through
 * it see the batch's own writes, so a receipt twice in one poll is indexed once. Only one batch is
 * written at a time, from one thread, so what it reads of the store stays true until it is written:
 * reads are remembered, and {@link #readAhead} fetches a poll's worth in one call.
 */
public final class IndexBatch implements AutoCloseable {
  /** A key read from the store and not there (compared by identity). */
  private static final byte[] ABSENT = new byte[0];

  private final IndexStore store;
  private final Changes changes = new Changes();
  private final Map<Family, Map<Changes.Key, byte[]>> stored = new EnumMap<>(Family.class);
  private final Map<String, Long> deltas = new HashMap<>();
  private RocksIterator byInvocation;  // one for the batch: the store does not change under it
  private long seq;

  IndexBatch(IndexStore store) {
    this.store = store;
    this.seq = store.counter(Counter.SEQUENCE);
  }

  /** Adds the batch's changes to {@code batch}. */
  void writeTo(WriteBatch batch) throws RocksDBException {
    changes.writeTo(batch, store);
  }

  /**
   * Reads {@code keys} of {@code family} from the store in one call, for the batch's later reads
   * ({@link #hasReceipt}, {@link #hasInvocation}...) to answer from memory.
   */
  public void readAhead(Family family, Collection<byte[]> keys) {
    Map<Changes.Key, byte[]> known = stored.computeIfAbsent(family, f -> new HashMap<>());
    List<byte[]> wanted = new ArrayList<>();
    for (byte[] key : keys) {
      Changes.Key k = new Changes.Key(key);
      if (!known.containsKey(k) && changes.get(family, k) == null) {
        wanted.add(key);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    try {
      List<byte[]> values = store.db().multiGetAsList(Collections.nCopies(wanted.size(), store.handle(family)), wanted);
      for (int i = 0; i < wanted.size(); i++) {
        known.put(new Changes.Key(wanted.get(i)), values.get(i) == null ? ABSENT : values.get(i));
      }
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the index: " + e.getMessage(), e);
    }
  }

  /** Whether {@code receipt} is indexed already, or in this batch. */
  public boolean hasReceipt(Cid receipt) {
    return get(Family.RECEIPTS, receipt.toBytes()) != null;
  }

  /**
   * Indexes one receipt under its CID, its invocation, its Task ID (when known), its invoker (when
   * its invocation has been read) and each of {@code outputs}.
   */
  public void addReceipt(Cid receipt, byte[] envelope, Cid ran, Cid task, Collection<Cid> outputs) {
    byte[] value = receipt.toBytes();
    put(Family.RECEIPTS, value, envelope);
    addEntry(Family.BY_INVOCATION, ran.toBytes(), value);
    if (task != null) {
      addEntry(Family.BY_TASK, task.toBytes(), value);
    }
    byte[] invoker = get(Family.INVOKERS, ran.toBytes());
    if (invoker != null) {
      addEntry(Family.BY_ISSUER, invoker, value);
    }
    for (Cid out : outputs) {
      addEntry(Family.BY_OUTPUT, out.toBytes(), value);
    }
  }

  /**
   * Records who issued {@code invocation}, and indexes under that issuer the receipts of it that
   * came first. False (and nothing done) when the invocation was known already.
   */
  public boolean addInvoker(Cid invocation, String did) {
    return addInvocation(invocation, did, null, List.of());
  }

  /**
   * {@link #addInvoker}, and keeps the invocation's envelope and the Task IDs its args await.
   *
   * @param envelope the invocation's DAG-CBOR bytes, or null to keep only its issuer
   */
  public boolean addInvocation(Cid invocation, String did, byte[] envelope, Collection<Cid> awaited) {
    byte[] key = invocation.toBytes();
    if (get(Family.INVOKERS, key) != null) {
      return false;
    }
    byte[] issuer = Keys.utf8(did);
    put(Family.INVOKERS, key, issuer);
    if (envelope != null) {
      put(Family.INVOCATIONS, key, envelope);
    }
    for (Cid task : awaited) {
      addEntry(Family.BY_AWAIT, task.toBytes(), key);
    }
    byte[] prefix = Keys.prefix(key);
    List<byte[]> earlier = new ArrayList<>();
    if (byInvocation == null) {
      byInvocation = store.db().newIterator(store.handle(Family.BY_INVOCATION));
    }
    for (byInvocation.seek(prefix); byInvocation.isValid() && Keys.startsWith(byInvocation.key(), prefix);
        byInvocation.next()) {
      earlier.add(byInvocation.value());
    }
    earlier.addAll(changes.entriesUnder(Family.BY_INVOCATION, prefix));
    for (byte[] receipt : earlier) {
      addEntry(Family.BY_ISSUER, issuer, receipt);
    }
    return true;
  }

  /** Whether {@code invocation} is indexed already, or waits in {@link Family#PENDING}. */
  public boolean hasInvocation(Cid invocation) {
    byte[] key = invocation.toBytes();
    return get(Family.INVOKERS, key) != null || get(Family.PENDING, key) != null;
  }

  /** Whether {@code invocation} is indexed already (its issuer recorded). */
  public boolean hasInvoker(Cid invocation) {
    return get(Family.INVOKERS, invocation.toBytes()) != null;
  }

  /** Keeps {@code invocation}'s envelope aside, not indexed, until {@link #release}d. */
  public void hold(Cid invocation, long readMillis, byte[] envelope) {
    put(Family.PENDING, invocation.toBytes(), ByteBuffer.allocate(8 + envelope.length).putLong(readMillis).put(envelope).array());
  }

  /** The envelope of {@code invocation} when it is held, else null. */
  public byte[] held(Cid invocation) {
    byte[] value = get(Family.PENDING, invocation.toBytes());
    return value == null ? null : Arrays.copyOfRange(value, 8, value.length);
  }

  /** Ends the holding of {@code invocation}. */
  public void release(Cid invocation) {
    delete(Family.PENDING, invocation.toBytes());
  }

  /** Notes that a trusted ok receipt names {@code invocation}, which has not been read. */
  public void vouch(Cid invocation) {
    put(Family.VOUCHED, invocation.toBytes(), new byte[0]);
  }

  /** Whether {@code invocation} was {@link #vouch}ed for; forgets it (it is being read now). */
  public boolean takeVouch(Cid invocation) {
    byte[] key = invocation.toBytes();
    if (get(Family.VOUCHED, key) == null) {
      return false;
    }
    delete(Family.VOUCHED, key);
    return true;
  }

  /** Keeps {@code block} (checked against {@code cid} by the caller); the same block twice is kept once. */
  public void addBlock(Cid cid, byte[] block) {
    put(Family.BLOCKS, cid.toBytes(), block);
  }

  /** Adds 1 to the counter {@code name}. */
  public void count(String name) {
    deltas.merge(name, 1L, Long::sum);
  }

  /** The next offset to read from {@code topic}'s {@code partition}, written with the data. */
  public void offset(String topic, int partition, long next) {
    put(Family.OFFSETS, Keys.utf8(topic + "/" + partition), Keys.longBytes(next));
  }

  Map<String, Long> countersAfter(Map<String, Long> before) {
    Map<String, Long> after = new HashMap<>();
    deltas.forEach((name, d) -> after.put(name, before.getOrDefault(name, 0L) + d));
    after.put(Counter.SEQUENCE, seq);
    return after;
  }

  private void addEntry(Family family, byte[] key, byte[] receipt) {
    changes.addEntry(family, Keys.prefix(key), ++seq, receipt);
  }

  private void put(Family family, byte[] key, byte[] value) {
    changes.put(family, key, value);
  }

  private void delete(Family family, byte[] key) {
    changes.delete(family, key);
  }

  /** The value of {@code key}: as this batch left it, else as stored (remembered). */
  private byte[] get(Family family, byte[] key) {
    Changes.Key k = new Changes.Key(key);
    byte[] changed = changes.get(family, k);
    if (changed != null) {
      return changed == Changes.DELETED ? null : changed;
    }
    Map<Changes.Key, byte[]> known = stored.computeIfAbsent(family, f -> new HashMap<>());
    byte[] value = known.computeIfAbsent(k, unknown -> {
      byte[] v = store.get(family, key);
      return v == null ? ABSENT : v;
    });
    return value == ABSENT ? null : value;
  }

  @Override
  public void close() {
    if (byInvocation != null) {
      byInvocation.close();
      byInvocation = null;
    }
  }
}
