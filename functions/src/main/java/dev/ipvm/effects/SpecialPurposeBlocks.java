package dev.ipvm.effects;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks an HTTP effect may not reach unless {@code effects.http.allow.private} is
 * set: every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
 * its successors), plus multicast and the deprecated IPv6 blocks the address architecture still
 * sets aside. The one list: denial messages name its entries and the table in docs/job.md is checked
 * against it.
 *
 * <p>Some registry blocks are globally reachable anycast services (AS112, AMT, PCP, TURN); they
 * are refused too, since an effect has no business calling them and a task should not be able to
 * probe them.
 */
final class SpecialPurposeBlocks {
  private SpecialPurposeBlocks() {}

  /** The byte offset of {@link Block#ipv4At} for a block that carries no IPv4 address. */
  static final int NO_IPV4 = -1;

  /**
   * One entry. {@code ipv4At} is where a block that wraps an IPv4 address (IPv4-mapped, NAT64,
   * 6to4) carries it: such an address is refused only when the IPv4 address it reaches is.
   */
  record Block(Cidr cidr, String name, String rfc, int ipv4At) {
    /** "198.18.0.0/15 (benchmarking, RFC 2544)". */
    String describe() {
      return cidr + " (" + name + ", " + rfc + ")";
    }
  }

  /** A prefix as written ({@code 198.18.0.0/15}) and as bits. */
  record Cidr(String text, byte[] network, int length) {
    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      byte[] network = literal(text.substring(0, slash));
      int length = Integer.parseInt(text.substring(slash + 1));
      if (length > network.length * 8 || hasHostBits(network, length)) {
        throw new IllegalArgumentException(text + " is not a network prefix"); // a typo in the table
      }
      return new Cidr(text, network, length);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = length / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = length % 8;
      int mask = (0xff << (8 - rest)) & 0xff;
      return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
    }

    private static boolean hasHostBits(byte[] network, int length) {
      for (int bit = length; bit < network.length * 8; bit++) {
        if ((network[bit / 8] & (0x80 >> (bit % 8))) != 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The table, IPv4 then IPv6, each in address order; a more specific block names a denial. */
  static final List<Block> ALL = List.of(
      deny("0.0.0.0/8", "this network", "RFC 791"),
      deny("0.0.0.0/32", "this host on this network", "RFC 1122"),
      deny("10.0.0.0/8", "private-use", "RFC 1918"),
      deny("100.64.0.0/10", "shared address space (CGNAT)", "RFC 6598"),
      deny("127.0.0.0/8", "loopback", "RFC 1122"),
      deny("169.254.0.0/16", "link-local", "RFC 3927"),
      deny("172.16.0.0/12", "private-use", "RFC 1918"),
      deny("192.0.0.0/24", "IETF protocol assignments", "RFC 6890"),
      deny("192.0.0.0/29", "IPv4 service continuity prefix", "RFC 7335"),
      deny("192.0.0.8/32", "IPv4 dummy address", "RFC 7600"),
      deny("192.0.0.9/32", "Port Control Protocol anycast", "RFC 7723"),
      deny("192.0.0.10/32", "TURN anycast", "RFC 8155"),
      deny("192.0.0.170/32", "NAT64/DNS64 discovery", "RFC 8880"),
      deny("192.0.0.171/32", "NAT64/DNS64 discovery", "RFC 8880"),
      deny("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
      deny("192.31.196.0/24", "AS112-v4", "RFC 7535"),
      deny("192.52.193.0/24", "AMT", "RFC 7450"),
      deny("192.88.99.0/24", "6to4 relay anycast (deprecated)", "RFC 7526"),
      deny("192.88.99.2/32", "6a44 relay anycast", "RFC 6751"),
      deny("192.168.0.0/16", "private-use", "RFC 1918"),
      deny("192.175.48.0/24", "direct delegation AS112 service", "RFC 7534"),
      deny("198.18.0.0/15", "benchmarking", "RFC 2544"),
      deny("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
      deny("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
      deny("224.0.0.0/4", "multicast", "RFC 5771"),
      deny("240.0.0.0/4", "reserved", "RFC 1112"),
      deny("255.255.255.255/32", "limited broadcast", "RFC 919"),

      deny("::/96", "IPv4-compatible (deprecated)", "RFC 4291"),
      deny("::/128", "unspecified", "RFC 4291"),
      deny("::1/128", "loopback", "RFC 4291"),
      carries("::ffff:0:0/96", "IPv4-mapped", "RFC 4291", 12),
      carries("64:ff9b::/96", "NAT64 well-known prefix", "RFC 6052", 12),
      // local-use NAT64 leads into the operator's own network, whatever IPv4 address it carries
      deny("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215"),
      deny("100::/64", "discard-only", "RFC 6666"),
      deny("100:0:0:1::/64", "dummy prefix", "RFC 9780"),
      deny("2001::/23", "IETF protocol assignments", "RFC 2928"),
      deny("2001::/32", "Teredo", "RFC 4380"),
      deny("2001:1::1/128", "Port Control Protocol anycast", "RFC 7723"),
      deny("2001:1::2/128", "TURN anycast", "RFC 8155"),
      deny("2001:1::3/128", "DNS-SD service registration anycast", "RFC 9665"),
      deny("2001:2::/48", "benchmarking", "RFC 5180"),
      deny("2001:3::/32", "AMT", "RFC 7450"),
      deny("2001:4:112::/48", "AS112-v6", "RFC 7535"),
      deny("2001:10::/28", "ORCHID (deprecated)", "RFC 4843"),
      deny("2001:20::/28", "ORCHIDv2", "RFC 7343"),
      deny("2001:30::/28", "drone remote ID entity tags", "RFC 9374"),
      deny("2001:db8::/32", "documentation", "RFC 3849"),
      carries("2002::/16", "6to4", "RFC 3056", 2),
      deny("2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534"),
      deny("3fff::/20", "documentation", "RFC 9637"),
      deny("5f00::/16", "SRv6 SIDs", "RFC 9602"),
      deny("fc00::/7", "unique-local", "RFC 4193"),
      deny("fe80::/10", "link-local", "RFC 4291"),
      deny("fec0::/10", "site-local (deprecated)", "RFC 3879"),
      deny("ff00::/8", "multicast", "RFC 4291"));

  /**
   * Why {@code a} may not be reached, as "in 198.18.0.0/15 (benchmarking, RFC 2544)", or empty
   * when it is in no block (or carries a public IPv4 address, e.g. {@code 64:ff9b::808:808}).
   */
  static Optional<String> denial(InetAddress a) {
    byte[] b = a.getAddress();
    Optional<Block> found = mostSpecific(b);
    if (found.isEmpty() || found.get().ipv4At() == NO_IPV4) {
      return found.map(k -> "in " + k.describe());
    }
    Block outer = found.get();
    byte[] v4 = Arrays.copyOfRange(b, outer.ipv4At(), outer.ipv4At() + 4);
    return mostSpecific(v4).map(inner -> "in " + outer.describe() + " carrying " + dotted(v4)
        + ", which is in " + inner.describe());
  }

  /** The longest-prefix block holding {@code address} (4 or 16 bytes), if any. */
  static Optional<Block> mostSpecific(byte[] address) {
    Block best = null;
    for (Block k : ALL) {
      if (k.cidr().contains(address) && (best == null || k.cidr().length() > best.cidr().length())) {
        best = k;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The bytes of an IP literal, IPv6 ones always 16 long: Java parses {@code ::ffff:a.b.c.d} into
   * an IPv4 address, which would put {@code ::ffff:0:0/96} into the IPv4 table.
   */
  static byte[] literal(String ip) {
    if (!ip.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException(ip + " is not an IP literal"); // so never a DNS lookup
    }
    byte[] b;
    try {
      b = InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip + " is not an IP literal", e);
    }
    if (ip.indexOf(':') < 0 || b.length == 16) {
      return b;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(b, 0, mapped, 12, 4);
    return mapped;
  }

  private static String dotted(byte[] v4) {
    return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
  }

  private static Block deny(String cidr, String name, String rfc) {
    return new Block(Cidr.parse(cidr), name, rfc, NO_IPV4);
  }

  private static Block carries(String cidr, String name, String rfc, int ipv4At) {
    return new Block(Cidr.parse(cidr), name, rfc, ipv4At);
  }
}
