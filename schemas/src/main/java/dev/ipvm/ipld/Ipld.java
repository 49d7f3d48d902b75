package dev.ipvm.ipld;

import dev.ipvm.cid.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A value of the IPLD data model. Every value is immutable; codecs turn these into
 * and out of bytes ({@code dev.ipvm.dagcbor}, {@code dev.ipvm.dagjson}).
 *
 * <p>Maps always iterate in DAG-CBOR canonical key order (length first, then bytewise
 * on UTF-8), so two equal maps encode to identical bytes without a sort at encode time.
 */
public sealed interface Ipld
    permits Ipld.Null, Ipld.Bool, Ipld.Int, Ipld.Float, Ipld.Text, Ipld.Bytes, Ipld.List,
        Ipld.Map, Ipld.Link {

  /** The IPLD data model kinds. */
  enum Kind { NULL, BOOL, INT, FLOAT, STRING, BYTES, LIST, MAP, LINK }

  Kind kind();

  Null NULL = new Null();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);

  static Ipld.Text text(String s) {
    return new Text(s);
  }

  static Ipld.Int integer(long v) {
    return Int.of(v);
  }

  static Ipld.Bool bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  static Ipld.Link link(Cid cid) {
    return new Link(cid);
  }

  static Ipld.List list(Ipld... items) {
    return new List(java.util.List.of(items));
  }

  /** A list of links to {@code cids}, in order (UCAN's {@code prf}, a receipt's {@code fx.fork}). */
  static Ipld.List links(java.util.Collection<Cid> cids) {
    java.util.List<Ipld> items = new java.util.ArrayList<>(cids.size());
    for (Cid c : cids) {
      items.add(new Link(c));
    }
    return new List(items);
  }

  /** The null kind. */
  record Null() implements Ipld {
    @Override
    public Kind kind() {
      return Kind.NULL;
    }

    @Override
    public String toString() {
      return "null";
    }
  }

  /** The boolean kind. */
  record Bool(boolean value) implements Ipld {
    @Override
    public Kind kind() {
      return Kind.BOOL;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /**
   * The integer kind, over the full range DAG-CBOR can carry: -2^64 to 2^64-1. Values
   * that fit a {@code long} are held as one; the rest as a {@link BigInteger}.
   */
  final class Int implements Ipld {
    public static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Int[] SMALL = new Int[256 + 1024];

    static {
      for (int i = 0; i < SMALL.length; i++) {
        SMALL[i] = new Int(i - 256, null);
      }
    }

    private final long small;
    private final BigInteger big; // null when the value fits a long

    private Int(long small, BigInteger big) {
      this.small = small;
      this.big = big;
    }

    public static Int of(long v) {
      if (v >= -256 && v < 1024) {
        return SMALL[(int) v + 256];
      }
      return new Int(v, null);
    }

    /** @throws IllegalArgumentException outside -2^64 .. 2^64-1 */
    public static Int of(BigInteger v) {
      if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
        return of(v.longValueExact());
      }
      if (v.compareTo(MIN) < 0 || v.compareTo(MAX) > 0) {
        throw new IllegalArgumentException("integer " + v + " is outside the IPLD range -2^64 .. 2^64-1");
      }
      return new Int(0, v);
    }

    public boolean fitsLong() {
      return big == null;
    }

    /** @throws ArithmeticException when the value does not fit a long */
    public long longValue() {
      if (big != null) {
        throw new ArithmeticException("integer " + big + " does not fit a 64-bit signed long");
      }
      return small;
    }

    public BigInteger bigValue() {
      return big != null ? big : BigInteger.valueOf(small);
    }

    public int signum() {
      return big != null ? big.signum() : Long.signum(small);
    }

    @Override
    public Kind kind() {
      return Kind.INT;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Int other && small == other.small && Objects.equals(big, other.big);
    }

    @Override
    public int hashCode() {
      return big != null ? big.hashCode() : Long.hashCode(small);
    }

    @Override
    public String toString() {
      return big != null ? big.toString() : Long.toString(small);
    }
  }

  /** The float kind. Only finite values: neither DAG-CBOR nor DAG-JSON carry NaN or infinities. */
  record Float(double value) implements Ipld {
    public Float {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("IPLD floats must be finite, got " + value);
      }
    }

    @Override
    public Kind kind() {
      return Kind.FLOAT;
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  /** The string kind (Unicode text; encoded as UTF-8). */
  record Text(String value) implements Ipld {
    public Text {
      Objects.requireNonNull(value, "value");
      Unicode.requireText(value, "string");
    }

    @Override
    public Kind kind() {
      return Kind.STRING;
    }

    @Override
    public String toString() {
      return '"' + value + '"';
    }
  }

  /** The bytes kind. The array is never exposed, so the value stays immutable. */
  final class Bytes implements Ipld {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
      return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** Takes ownership of {@code bytes}: the caller must not change the array afterwards. */
    public static Bytes wrap(byte[] bytes) {
      return new Bytes(bytes);
    }

    public int length() {
      return bytes.length;
    }

    public byte get(int index) {
      return bytes[index];
    }

    public byte[] toByteArray() {
      return bytes.clone();
    }

    public void copyTo(byte[] dst, int offset) {
      System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public Kind kind() {
      return Kind.BYTES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "bytes:" + HexFormat.of().formatHex(bytes);
    }
  }

  /** The list kind. */
  record List(java.util.List<Ipld> items) implements Ipld {
    public List {
      items = java.util.List.copyOf(items);
    }

    public int size() {
      return items.size();
    }

    public Ipld get(int index) {
      return items.get(index);
    }

    @Override
    public Kind kind() {
      return Kind.LIST;
    }

    @Override
    public String toString() {
      return items.toString();
    }
  }

  /**
   * The map kind: string keys, iterated in DAG-CBOR canonical order. Held as two parallel
   * arrays in that order, so codecs walk it by index without allocating, and equal maps
   * compare element by element.
   */
  final class Map implements Ipld {
    public static final Map EMPTY = new Map(new String[0], new Ipld[0]);
    /** Up to this many keys, lookups scan the keys; larger maps build a hash index once. */
    private static final int SCAN_LIMIT = 8;

    private final String[] keys;
    private final Ipld[] values;
    private java.util.Map<String, Integer> index; // lazily, for large maps; racy but idempotent
    private java.util.Map<String, Ipld> view; // lazily; racy but idempotent

    private Map(String[] keys, Ipld[] values) {
      this.keys = keys;
      this.values = values;
    }

    /** A map with the entries of {@code entries}, in canonical order whatever order they come in. */
    public static Map of(java.util.Map<String, ? extends Ipld> entries) {
      String[] keys = entries.keySet().toArray(new String[0]);
      Arrays.sort(keys, KeyOrder.DAG_CBOR);
      Ipld[] values = new Ipld[keys.length];
      for (int i = 0; i < keys.length; i++) {
        String k = keys[i];
        Unicode.requireText(k, "map key");
        values[i] = Objects.requireNonNull(entries.get(k), () -> "null value for key " + k);
      }
      return new Map(keys, values);
    }

    /**
     * Takes ownership of keys already in canonical order and their values, as a decoder that
     * has checked the order produces. The order is verified, not trusted: a map out of order
     * would encode to bytes that no longer match its CID.
     */
    public static Map ofCanonical(String[] keys, Ipld[] values) {
      if (keys.length != values.length) {
        throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
      }
      for (int i = 0; i < keys.length; i++) {
        Unicode.requireText(keys[i], "map key");
        Objects.requireNonNull(values[i], "value");
        if (i > 0 && KeyOrder.DAG_CBOR.compare(keys[i - 1], keys[i]) >= 0) {
          throw new IllegalArgumentException("keys out of canonical order: " + keys[i - 1] + ", " + keys[i]);
        }
      }
      return new Map(keys, values);
    }

    public static Builder builder() {
      return new Builder();
    }

    public int size() {
      return keys.length;
    }

    /** The key at {@code i} in canonical order. */
    public String key(int i) {
      return keys[i];
    }

    /** The value at {@code i} in canonical order. */
    public Ipld value(int i) {
      return values[i];
    }

    public Ipld get(String key) {
      int i = indexOf(key);
      return i < 0 ? null : values[i];
    }

    public boolean containsKey(String key) {
      return indexOf(key) >= 0;
    }

    private int indexOf(String key) {
      if (keys.length <= SCAN_LIMIT) {
        for (int i = 0; i < keys.length; i++) {
          if (keys[i].equals(key)) {
            return i;
          }
        }
        return -1;
      }
      java.util.Map<String, Integer> idx = index;
      if (idx == null) {
        idx = new java.util.HashMap<>(capacity(keys.length));
        for (int i = 0; i < keys.length; i++) {
          idx.put(keys[i], i);
        }
        index = idx;
      }
      Integer i = idx.get(key);
      return i == null ? -1 : i;
    }

    /** A read-only {@link java.util.Map} view, iterating in canonical order. */
    public java.util.Map<String, Ipld> entries() {
      java.util.Map<String, Ipld> v = view;
      if (v == null) {
        LinkedHashMap<String, Ipld> m = new LinkedHashMap<>(capacity(keys.length));
        for (int i = 0; i < keys.length; i++) {
          m.put(keys[i], values[i]);
        }
        v = Collections.unmodifiableMap(m);
        view = v;
      }
      return v;
    }

    public void forEach(BiConsumer<String, Ipld> action) {
      for (int i = 0; i < keys.length; i++) {
        action.accept(keys[i], values[i]);
      }
    }

    @Override
    public Kind kind() {
      return Kind.MAP;
    }

    @Override
    public boolean equals(Object o) {
      // both sides are in canonical order, so equal maps are equal index by index
      return o instanceof Map other && Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return entries().toString();
    }

    static int capacity(int n) {
      return (int) (n / 0.75f) + 1;
    }

    /** Collects entries in any order; {@link #build()} sorts them. */
    public static final class Builder {
      private final LinkedHashMap<String, Ipld> entries = new LinkedHashMap<>();

      private Builder() {}

      /** @throws IllegalArgumentException on a repeated key */
      public Builder put(String key, Ipld value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (entries.putIfAbsent(key, value) != null) {
          throw new IllegalArgumentException("duplicate map key: " + key);
        }
        return this;
      }

      public Builder put(String key, String value) {
        return put(key, new Text(value));
      }

      public Builder put(String key, long value) {
        return put(key, Int.of(value));
      }

      /** Puts the entry only when {@code value} is not null (for optional fields). */
      public Builder putIfPresent(String key, Ipld value) {
        return value == null ? this : put(key, value);
      }

      public Map build() {
        return Map.of(entries);
      }
    }
  }

  /** The link kind: a CID pointing at another block. */
  record Link(Cid cid) implements Ipld {
    public Link {
      Objects.requireNonNull(cid, "cid");
    }

    @Override
    public Kind kind() {
      return Kind.LINK;
    }

    @Override
    public String toString() {
      return "link:" + cid;
    }
  }
}
