package dev.ipvm.index.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the multi-valued families: {@code [u16 length][key][u64 sequence]}. The length keeps one
 * key from being a prefix of another; the sequence (global, increasing) orders one key's entries
 * by the time they were indexed and is the paging cursor.
 */
public final class Keys {
  private Keys() {}

  /** The prefix every entry of {@code key} starts with. */
  public static byte[] prefix(byte[] key) {
    if (key.length > 0xFFFF) {
      throw new IllegalArgumentException("key of " + key.length + " bytes (at most 65535)");
    }
    return ByteBuffer.allocate(2 + key.length).putShort((short) key.length).put(key).array();
  }

  public static byte[] prefix(String key) {
    return prefix(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The entry of {@code key} with sequence number {@code seq}. */
  public static byte[] entry(byte[] prefix, long seq) {
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(seq).array();
  }

  /** The sequence number of an entry under {@code prefix}. */
  public static long sequence(byte[] entry) {
    return ByteBuffer.wrap(entry, entry.length - 8, 8).getLong();
  }

  public static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long longOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
