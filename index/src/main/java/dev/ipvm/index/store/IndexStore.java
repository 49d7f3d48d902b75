package dev.ipvm.index.store;

import dev.ipvm.cid.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The index on disk: a RocksDB database with one column family per {@link Family}. Reads are safe
 * from any thread; writes come from one thread, a whole {@link IndexBatch} at a time.
 */
public final class IndexStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** A page of CIDs (receipts; invocations for {@link Family#BY_AWAIT}); {@code next} is the cursor of the following page, or null at the end. */
  public record Page(List<Cid> receipts, Long next) {}

  /** The families whose keys the ingest looks up for every record ({@link IndexBatch#readAhead}). */
  private static final Set<Family> READ_WHILE_INDEXING = EnumSet.of(Family.RECEIPTS, Family.INVOKERS, Family.PENDING,
      Family.VOUCHED);

  private final DBOptions options;
  private final BloomFilter filter;
  private final ColumnFamilyOptions familyOptions;
  private final ColumnFamilyOptions lookupFamilyOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final EnumMap<Family, ColumnFamilyHandle> families = new EnumMap<>(Family.class);
  private final Map<String, Long> counters = new ConcurrentHashMap<>();

  private IndexStore(Path dir, boolean sync) throws RocksDBException {
    options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    // most reads while indexing ask for a key that is not there (a new receipt, an invocation not
    // yet indexed): a bloom filter per table file answers those without reading its blocks
    filter = new BloomFilter(10);
    familyOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
    // and for the families read while indexing, one per memtable too (2 % of its 64 MB)
    lookupFamilyOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter))
        .setMemtableWholeKeyFiltering(true).setMemtablePrefixBloomSizeRatio(0.02);
    writeOptions = new WriteOptions().setSync(sync);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (Family f : Family.values()) {
      ColumnFamilyOptions o = READ_WHILE_INDEXING.contains(f) ? lookupFamilyOptions : familyOptions;
      descriptors.add(new ColumnFamilyDescriptor(f.nameBytes(), o));
    }
    handles = new ArrayList<>();
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
    for (Family f : Family.values()) {
      families.put(f, handles.get(f.ordinal() + 1));
    }
    try (RocksIterator it = db.newIterator(handle(Family.COUNTERS))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        counters.put(Keys.text(it.key()), Keys.longOf(it.value()));
      }
    }
  }

  /**
   * Opens (or creates) the index in {@code dir}.
   *
   * @param sync whether each batch is fsynced. A process crash loses nothing either way (the
   *     write-ahead log is in the OS before {@code write} returns); after a power loss without it,
   *     the last batches may be gone, with their offsets, so they are read again from Kafka
   */
  public static IndexStore open(Path dir, boolean sync) {
    try {
      Files.createDirectories(dir);
      return new IndexStore(dir, sync);
    } catch (RocksDBException e) {
      throw new StoreException("cannot open the index in " + dir + ": " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  ColumnFamilyHandle handle(Family f) {
    return families.get(f);
  }

  RocksDB db() {
    return db;
  }

  /** A batch for the next poll's records; nothing is visible until {@link #write}. */
  public IndexBatch batch() {
    return new IndexBatch(this);
  }

  /** Writes {@code batch} (data, counters and offsets) atomically. */
  public void write(IndexBatch batch) {
    Map<String, Long> after = batch.countersAfter(counters);
    try (WriteBatch out = new WriteBatch()) {
      batch.writeTo(out);
      for (Map.Entry<String, Long> e : after.entrySet()) {
        out.put(handle(Family.COUNTERS), Keys.utf8(e.getKey()), Keys.longBytes(e.getValue()));
      }
      db.write(writeOptions, out);
    } catch (RocksDBException e) {
      throw new StoreException("cannot write to the index: " + e.getMessage(), e);
    } finally {
      batch.close();
    }
    counters.putAll(after);
  }

  /** The receipt envelope's bytes under {@code receipt}, if indexed. */
  public Optional<byte[]> receipt(Cid receipt) {
    return Optional.ofNullable(get(Family.RECEIPTS, receipt.toBytes()));
  }

  /** The DID of {@code invocation}'s issuer, when the invocation was read from the invocations topic. */
  public Optional<String> invoker(Cid invocation) {
    return Optional.ofNullable(get(Family.INVOKERS, invocation.toBytes())).map(Keys::text);
  }

  /** The envelope of {@code invocation}, when it was read from the invocations topic. */
  public Optional<byte[]> invocation(Cid invocation) {
    return Optional.ofNullable(get(Family.INVOCATIONS, invocation.toBytes()));
  }

  /** Receipts under {@code key} in a multi-valued family, oldest first, after the cursor {@code after}. */
  public Page receipts(Family family, byte[] key, Long after, int limit) {
    byte[] prefix = Keys.prefix(key);
    List<Cid> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle(family))) {
      it.seek(after == null ? prefix : Keys.entry(prefix, after + 1));
      long last = -1;
      for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        if (out.size() == limit) {
          return new Page(out, last);
        }
        out.add(Cid.decode(it.value()));
        last = Keys.sequence(it.key());
      }
    }
    return new Page(out, null);
  }

  /** A block read from the blocks topic, if kept. */
  public Optional<byte[]> block(Cid cid) {
    return Optional.ofNullable(get(Family.BLOCKS, cid.toBytes()));
  }

  /** An invocation held in {@link Family#PENDING}: its CID, when it was read (epoch ms) and its envelope. */
  public record Held(Cid invocation, long readMillis, byte[] envelope) {}

  /** Up to {@code max} held invocations read before {@code readBefore} (epoch ms). */
  public List<Held> heldBefore(long readBefore, int max) {
    List<Held> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle(Family.PENDING))) {
      for (it.seekToFirst(); it.isValid() && out.size() < max; it.next()) {
        byte[] value = it.value();
        long read = java.nio.ByteBuffer.wrap(value, 0, 8).getLong();
        if (read < readBefore) {
          out.add(new Held(Cid.decode(it.key()), read, java.util.Arrays.copyOfRange(value, 8, value.length)));
        }
      }
    }
    return out;
  }

  /** The envelope of an invocation held in {@link Family#PENDING}, if it is. */
  public Optional<byte[]> held(Cid invocation) {
    byte[] value = get(Family.PENDING, invocation.toBytes());
    return value == null ? Optional.empty() : Optional.of(java.util.Arrays.copyOfRange(value, 8, value.length));
  }

  /** The next offset to read of each {@code topic/partition}. */
  public Map<String, Long> offsets() {
    Map<String, Long> out = new TreeMap<>();
    try (RocksIterator it = db.newIterator(handle(Family.OFFSETS))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(Keys.text(it.key()), Keys.longOf(it.value()));
      }
    }
    return out;
  }

  /** A counter's value (0 when never counted). */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** Every counter, by name. */
  public Map<String, Long> counters() {
    return new TreeMap<>(counters);
  }

  /** The number of keys in {@code family}, by iterating it (for tests and checks, not for serving). */
  public long count(Family family) {
    long n = 0;
    try (RocksIterator it = db.newIterator(handle(family))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  byte[] get(Family family, byte[] key) {
    try {
      return db.get(handle(family), key);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the index: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    writeOptions.close();
    familyOptions.close();
    lookupFamilyOptions.close();
    filter.close();
    options.close();
  }
}
