package dev.ipvm.index.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A batch's changes, kept in Java maps until {@link IndexStore#write}: what the batch has put or
 * deleted is answered from here, with no call into RocksDB (a read through a native write batch
 * cost more than the write itself), and a key changed twice in one batch (an offset per record, an
 * invocation held and released in the same poll) is written once, as it ends.
 */
final class Changes {
  /** A key by content, for the maps (its hash computed once: each key is looked up several times). */
  record Key(byte[] bytes, int hash) {
    Key(byte[] bytes) {
      this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** The value of a key deleted in this batch (compared by identity). */
  static final byte[] DELETED = new byte[0];

  /** Last value per key of the single-valued families, DELETED for a delete. */
  private final Map<Family, Map<Key, byte[]>> latest = new EnumMap<>(Family.class);
  /** Entries of the multi-valued families ({@link Keys#entry}), each new, in the order added. */
  private final Map<Family, List<byte[][]>> entries = new EnumMap<>(Family.class);
  /** The same entries' values by family and prefix, for reading them back within the batch. */
  private final Map<Family, Map<Key, List<byte[]>>> entriesByPrefix = new EnumMap<>(Family.class);

  void put(Family family, byte[] key, byte[] value) {
    latest.computeIfAbsent(family, f -> new HashMap<>()).put(new Key(key), value);
  }

  void delete(Family family, byte[] key) {
    put(family, key, DELETED);
  }

  /** Adds the entry {@code prefix + seq} (a key never written before) with {@code value}. */
  void addEntry(Family family, byte[] prefix, long seq, byte[] value) {
    entries.computeIfAbsent(family, f -> new ArrayList<>()).add(new byte[][] {Keys.entry(prefix, seq), value});
    entriesByPrefix.computeIfAbsent(family, f -> new HashMap<>())
        .computeIfAbsent(new Key(prefix), k -> new ArrayList<>()).add(value);
  }

  /** The value this batch gave {@code key}: {@link #DELETED} when it deleted it, null when it did not change it. */
  byte[] get(Family family, Key key) {
    Map<Key, byte[]> m = latest.get(family);
    return m == null ? null : m.get(key);
  }

  /** The values of the entries under {@code prefix} added in this batch, in order. */
  List<byte[]> entriesUnder(Family family, byte[] prefix) {
    Map<Key, List<byte[]>> m = entriesByPrefix.get(family);
    List<byte[]> values = m == null ? null : m.get(new Key(prefix));
    return values == null ? List.of() : values;
  }

  /** Adds every change to {@code batch}. */
  void writeTo(WriteBatch batch, IndexStore store) throws RocksDBException {
    for (Map.Entry<Family, Map<Key, byte[]>> f : latest.entrySet()) {
      var handle = store.handle(f.getKey());
      for (Map.Entry<Key, byte[]> e : f.getValue().entrySet()) {
        if (e.getValue() == DELETED) {
          batch.delete(handle, e.getKey().bytes());
        } else {
          batch.put(handle, e.getKey().bytes(), e.getValue());
        }
      }
    }
    for (Map.Entry<Family, List<byte[][]>> f : entries.entrySet()) {
      var handle = store.handle(f.getKey());
      for (byte[][] kv : f.getValue()) {
        batch.put(handle, kv[0], kv[1]);
      }
    }
  }
}
