package dev.ipvm.effects;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.effects.SpecialPurposeBlocks.Block;
import dev.ipvm.effects.SpecialPurposeBlocks.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every block of the table is refused by default and reachable with the switch; public addresses are not refused. */
class SpecialPurposeBlocksTest {

  /** One address per block, in that block and in no more specific one. */
  private static final Map<String, String> SAMPLES = Map.ofEntries(
      entry("0.0.0.0/8", "0.1.2.3"),
      entry("0.0.0.0/32", "0.0.0.0"),
      entry("10.0.0.0/8", "10.1.2.3"),
      entry("100.64.0.0/10", "100.127.255.254"),
      entry("127.0.0.0/8", "127.0.0.1"),
      entry("169.254.0.0/16", "169.254.169.254"),
      entry("172.16.0.0/12", "172.31.255.254"),
      entry("192.0.0.0/24", "192.0.0.100"),
      entry("192.0.0.0/29", "192.0.0.1"),
      entry("192.0.0.8/32", "192.0.0.8"),
      entry("192.0.0.9/32", "192.0.0.9"),
      entry("192.0.0.10/32", "192.0.0.10"),
      entry("192.0.0.170/32", "192.0.0.170"),
      entry("192.0.0.171/32", "192.0.0.171"),
      entry("192.0.2.0/24", "192.0.2.1"),
      entry("192.31.196.0/24", "192.31.196.1"),
      entry("192.52.193.0/24", "192.52.193.1"),
      entry("192.88.99.0/24", "192.88.99.1"),
      entry("192.88.99.2/32", "192.88.99.2"),
      entry("192.168.0.0/16", "192.168.1.1"),
      entry("192.175.48.0/24", "192.175.48.1"),
      entry("198.18.0.0/15", "198.19.1.1"),
      entry("198.51.100.0/24", "198.51.100.7"),
      entry("203.0.113.0/24", "203.0.113.7"),
      entry("224.0.0.0/4", "239.255.255.250"),
      entry("240.0.0.0/4", "240.0.0.1"),
      entry("255.255.255.255/32", "255.255.255.255"),
      entry("::/96", "::1.2.3.4"),
      entry("::/128", "::"),
      entry("::1/128", "::1"),
      entry("::ffff:0:0/96", "::ffff:10.0.0.1"),
      entry("64:ff9b::/96", "64:ff9b::127.0.0.1"),
      entry("64:ff9b:1::/48", "64:ff9b:1::808:808"),
      entry("100::/64", "100::1"),
      entry("100:0:0:1::/64", "100:0:0:1::1"),
      entry("2001::/23", "2001:100::1"),
      entry("2001::/32", "2001::1"),
      entry("2001:1::1/128", "2001:1::1"),
      entry("2001:1::2/128", "2001:1::2"),
      entry("2001:1::3/128", "2001:1::3"),
      entry("2001:2::/48", "2001:2::1"),
      entry("2001:3::/32", "2001:3::1"),
      entry("2001:4:112::/48", "2001:4:112::1"),
      entry("2001:10::/28", "2001:10::1"),
      entry("2001:20::/28", "2001:20::1"),
      entry("2001:30::/28", "2001:30::1"),
      entry("2001:db8::/32", "2001:db8::1"),
      entry("2002::/16", "2002:c0a8:101::1"),
      entry("2620:4f:8000::/48", "2620:4f:8000::6"),
      entry("3fff::/20", "3fff::1"),
      entry("5f00::/16", "5f00::1"),
      entry("fc00::/7", "fd12:3456::1"),
      entry("fe80::/10", "fe80::1"),
      entry("fec0::/10", "fec0::1"),
      entry("ff00::/8", "ff02::1"));

  /** What a sample of a block that carries IPv4 carries: refused because of that address's block. */
  private static final Map<String, String> CARRIED = Map.of(
      "::ffff:0:0/96", "10.0.0.1, which is in 10.0.0.0/8 (private-use, RFC 1918)",
      "64:ff9b::/96", "127.0.0.1, which is in 127.0.0.0/8 (loopback, RFC 1122)",
      "2002::/16", "192.168.1.1, which is in 192.168.0.0/16 (private-use, RFC 1918)");

  private static final Path README = Path.of("../docs/job.md");
  private static final String BEGIN = "<!-- special-purpose blocks: begin (SpecialPurposeBlocksTest checks this table) -->";
  private static final String END = "<!-- special-purpose blocks: end -->";

  /** The sample as a resolver may return it: IPv6 stays IPv6, even when it carries IPv4. */
  private static InetAddress address(String literal) throws Exception {
    return address(SpecialPurposeBlocks.literal(literal));
  }

  private static InetAddress address(byte[] b) throws Exception {
    return b.length == 4 ? Inet4Address.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
  }

  private static String urlHost(String literal) {
    return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
  }

  private static DestinationPolicy resolvingTo(InetAddress a, boolean allowPrivate) {
    return DestinationPolicy.parse("*.test", allowPrivate).withResolver(host -> new InetAddress[] {a});
  }

  private static String expectedDenial(Block k) {
    return "in " + k.describe() + (CARRIED.containsKey(k.cidr().text()) ? " carrying " + CARRIED.get(k.cidr().text()) : "");
  }

  @Test
  void everyBlockHasOneSampleAndEachSampleIsInItsBlock() {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(
        SpecialPurposeBlocks.ALL.stream().map(k -> k.cidr().text()).toList());
    for (Block k : SpecialPurposeBlocks.ALL) {
      assertThat(SpecialPurposeBlocks.mostSpecific(SpecialPurposeBlocks.literal(SAMPLES.get(k.cidr().text()))))
          .as(k.cidr().text()).contains(k);
    }
  }

  @Test
  void everyBlockIsRefusedByDefaultNamingItsBlock() throws Exception {
    for (Block k : SpecialPurposeBlocks.ALL) {
      InetAddress a = address(SAMPLES.get(k.cidr().text()));
      assertThat(SpecialPurposeBlocks.denial(a)).as(k.cidr().text()).contains(expectedDenial(k));
      assertThat(resolvingTo(a, false).denial(URI.create("https://sample.test/"))).as(k.cidr().text())
          .contains("sample.test:443 resolves to " + a.getHostAddress() + ", which is " + expectedDenial(k)
              + "; set effects.http.allow.private=true to allow special-purpose addresses");
    }
  }

  @Test
  void everyBlockIsReachableWhenSpecialPurposeAddressesAreAllowed() throws Exception {
    for (Block k : SpecialPurposeBlocks.ALL) {
      InetAddress a = address(SAMPLES.get(k.cidr().text()));
      assertThat(resolvingTo(a, true).denial(URI.create("https://sample.test/"))).as(k.cidr().text()).isEmpty();
    }
  }

  @Test
  void listingALiteralIsNotEnoughTheSwitchIsWhatAllowsIt() {
    for (Block k : SpecialPurposeBlocks.ALL) {
      String literal = SAMPLES.get(k.cidr().text());
      URI url = URI.create("http://" + urlHost(literal) + ":8080/");
      assertThat(DestinationPolicy.parse(urlHost(literal) + ":8080", false).denial(url)).as(literal)
          .hasValueSatisfying(r -> assertThat(r).contains(" is in ").endsWith("to allow special-purpose addresses"));
      assertThat(DestinationPolicy.parse(urlHost(literal) + ":8080", true).denial(url)).as(literal).isEmpty();
    }
  }

  @Test
  void theFirstAndLastAddressOfEveryBlockAreRefused() throws Exception {
    for (Block k : SpecialPurposeBlocks.ALL) {
      if (k.ipv4At() != SpecialPurposeBlocks.NO_IPV4) {
        continue; // judged by what they carry: below
      }
      byte[] first = k.cidr().network().clone();
      byte[] last = first.clone();
      for (int bit = k.cidr().length(); bit < last.length * 8; bit++) {
        last[bit / 8] |= (byte) (0x80 >> (bit % 8));
      }
      for (byte[] b : List.of(first, last)) {
        Block found = SpecialPurposeBlocks.mostSpecific(b).orElseThrow();
        assertThat(found.cidr().length()).as(k.cidr().text()).isGreaterThanOrEqualTo(k.cidr().length());
        assertThat(SpecialPurposeBlocks.denial(address(b)))
            .as(k.cidr().text()).isPresent();
      }
    }
  }

  @Test
  void blocksCarryingAPublicIpv4AddressAreJudgedByIt() throws Exception {
    for (String a : List.of("::ffff:8.8.8.8", "64:ff9b::808:808", "64:ff9b::1.1.1.1", "2002:808:808::1", "2002:101:101:5::9")) {
      assertThat(SpecialPurposeBlocks.denial(address(a))).as(a).isEmpty();
      assertThat(resolvingTo(address(a), false).denial(URI.create("https://carried.test/"))).as(a).isEmpty();
    }
    // local-use NAT64 is refused whatever it carries
    assertThat(SpecialPurposeBlocks.denial(address("64:ff9b:1::808:808")))
        .contains("in 64:ff9b:1::/48 (local-use IPv4/IPv6 translation, RFC 8215)");
    assertThat(SpecialPurposeBlocks.denial(address("2002:c612:101::1")))
        .contains("in 2002::/16 (6to4, RFC 3056) carrying 198.18.1.1, which is in 198.18.0.0/15 (benchmarking, RFC 2544)");
  }

  @Test
  void publicAddressesAreNotRefused() throws Exception {
    for (String a : List.of("8.8.8.8", "1.1.1.1", "93.184.215.14", "172.32.0.1", "172.15.255.255", "100.128.0.1",
        "100.63.255.255", "192.169.0.1", "192.0.1.1", "192.0.3.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
        "2606:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1", "2001:200::1", "2620:4f:8001::1", "2003::1",
        "3fff:1000::1", "2600::1")) {
      assertThat(SpecialPurposeBlocks.mostSpecific(SpecialPurposeBlocks.literal(a))).as(a).isEmpty();
      assertThat(SpecialPurposeBlocks.denial(address(a))).as(a).isEmpty();
      assertThat(DestinationPolicy.parse("*", false).denial(URI.create("https://" + urlHost(a) + "/"))).as(a).isEmpty();
    }
  }

  @Test
  void aMalformedTableEntryFailsAtOnce() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8")).hasMessageContaining("10.0.0.1/8 is not a network prefix");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("is not a network prefix");
    assertThatThrownBy(() -> SpecialPurposeBlocks.literal("example.com")).hasMessageContaining("not an IP literal");
    assertThat(SpecialPurposeBlocks.literal("::ffff:0:0")).hasSize(16);
  }

  @Test
  void theReadmeTableIsTheCodesTable() throws Exception {
    List<String> lines = Files.readAllLines(README);
    int begin = lines.indexOf(BEGIN);
    int end = lines.indexOf(END);
    assertThat(begin).as("docs/job.md has the line " + BEGIN).isNotNegative();
    assertThat(end).as("docs/job.md has the line " + END).isGreaterThan(begin);
    List<String> expected = readmeTable();
    assertThat(lines.subList(begin + 1, end))
        .as("docs/job.md's special-purpose table differs from SpecialPurposeBlocks.ALL; between the markers it should read:\n"
            + String.join("\n", expected) + "\n")
        .isEqualTo(expected);
  }

  /** The documented rows, from the table in docs/job.md. */
  private static List<String> readmeTable() {
    List<String> rows = new ArrayList<>(List.of("| block | name | RFC | refused |", "|---|---|---|---|"));
    for (Block k : SpecialPurposeBlocks.ALL) {
      String refused = k.ipv4At() == SpecialPurposeBlocks.NO_IPV4 ? "always" : "when the IPv4 address it carries is";
      rows.add("| `" + k.cidr() + "` | " + k.name() + " | " + k.rfc() + " | " + refused + " |");
    }
    return rows;
  }
}
