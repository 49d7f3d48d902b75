package dev.ipvm.index.store;

/** The index's RocksDB failed (disk full, corruption, a second process on the same folder). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
