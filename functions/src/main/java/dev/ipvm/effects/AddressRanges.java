package dev.ipvm.effects;

import java.net.InetAddress;
import java.util.Optional;

/** The address ranges an HTTP effect may not reach unless private ranges are allowed. */
final class AddressRanges {
  private AddressRanges() {}

  /**
   * What internal range {@code a} is in ("a loopback address", "a private address
   * (10.0.0.0/8)", ...), or empty for a public address. IPv4-mapped and NAT64 IPv6 addresses are
   * judged by the IPv4 address they carry.
   */
  static Optional<String> internal(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return ipv4Kind(b);
    }
    boolean first10Zero = true;
    for (int i = 0; i < 10; i++) {
      first10Zero &= b[i] == 0;
    }
    byte[] tail = {b[12], b[13], b[14], b[15]};
    if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return ipv4Kind(tail).map(k -> k + " (IPv4-mapped)");
    }
    // 64:ff9b::/96, the well-known NAT64 prefix, reaches the IPv4 address in its last 32 bits
    if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0) {
      return ipv4Kind(tail).map(k -> k + " (via NAT64)");
    }
    if (first10Zero && b[10] == 0 && b[11] == 0) {
      if (b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)) {
        return Optional.of(b[15] == 0 ? "an unspecified address (::)" : "a loopback address");
      }
      return Optional.of("a reserved address (IPv4-compatible ::/96)");
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Optional.of("a link-local address (fe80::/10)");
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return Optional.of("a site-local address (fec0::/10)");
    }
    if ((b0 & 0xfe) == 0xfc) {
      return Optional.of("a unique-local address (fc00::/7)");
    }
    if (b0 == 0xff) {
      return Optional.of("a multicast address");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv4Kind(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    String kind = null;
    if (a0 == 0) {
      kind = (b[1] | b[2] | b[3]) == 0 ? "an unspecified address (0.0.0.0)" : "a this-network address (0.0.0.0/8)";
    } else if (a0 == 127) {
      kind = "a loopback address";
    } else if (a0 == 10) {
      kind = "a private address (10.0.0.0/8)";
    } else if (a0 == 172 && (a1 & 0xf0) == 16) {
      kind = "a private address (172.16.0.0/12)";
    } else if (a0 == 192 && a1 == 168) {
      kind = "a private address (192.168.0.0/16)";
    } else if (a0 == 169 && a1 == 254) {
      kind = "a link-local address (169.254.0.0/16)";
    } else if (a0 == 100 && (a1 & 0xc0) == 64) {
      kind = "a carrier-grade NAT address (100.64.0.0/10)";
    } else if (a0 >= 224 && a0 < 240) {
      kind = "a multicast address";
    } else if (a0 >= 240) {
      kind = "a reserved address (240.0.0.0/4)";
    }
    return Optional.ofNullable(kind);
  }
}
