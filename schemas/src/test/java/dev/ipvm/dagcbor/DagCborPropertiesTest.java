package dev.ipvm.dagcbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ipld.IpldArbitraries;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips over random IPLD values, and a cross-check with an independent CBOR reader. */
class DagCborPropertiesTest {
  private static final ObjectMapper JACKSON = new ObjectMapper(new CBORFactory());

  @Provide
  Arbitrary<Ipld> values() {
    return IpldArbitraries.values(3);
  }

  @Property(tries = 2000)
  void decodeInvertsEncode(@ForAll("values") Ipld value) {
    byte[] bytes = DagCbor.encode(value);
    Ipld back = DagCbor.decode(bytes);
    assertThat(back).isEqualTo(value);
    assertThat(DagCbor.encode(back)).isEqualTo(bytes);
  }

  @Property(tries = 500)
  void equalValuesHaveEqualCids(@ForAll("values") Ipld value) {
    Ipld copy = DagCbor.decode(DagCbor.encode(value));
    assertThat(DagCbor.cid(copy)).isEqualTo(DagCbor.cid(value));
  }

  /** Jackson reads our bytes as plain CBOR: the same structure must come out. */
  @Property(tries = 1000)
  void jacksonReadsTheSameStructure(@ForAll("values") Ipld value) throws IOException {
    JsonNode node = JACKSON.readTree(DagCbor.encode(value));
    assertSameStructure(value, node);
  }

  private static void assertSameStructure(Ipld value, JsonNode node) throws IOException {
    switch (value.kind()) {
      case NULL -> assertThat(node.isNull()).isTrue();
      case BOOL -> assertThat(node.booleanValue()).isEqualTo(((Ipld.Bool) value).value());
      case INT -> assertThat(node.bigIntegerValue()).isEqualTo(((Ipld.Int) value).bigValue());
      case FLOAT -> {
        assertThat(node.isDouble()).as("64-bit float").isTrue();
        assertThat(Double.doubleToRawLongBits(node.doubleValue()))
            .isEqualTo(Double.doubleToRawLongBits(((Ipld.Float) value).value()));
      }
      case STRING -> assertThat(node.textValue()).isEqualTo(((Ipld.Text) value).value());
      case BYTES -> assertThat(node.binaryValue()).isEqualTo(((Ipld.Bytes) value).toByteArray());
      case LINK -> {
        byte[] cid = ((Ipld.Link) value).cid().toBytes();
        byte[] expected = new byte[cid.length + 1];
        System.arraycopy(cid, 0, expected, 1, cid.length);
        assertThat(node.binaryValue()).isEqualTo(expected); // Jackson drops the tag, keeps the bytes
      }
      case LIST -> {
        Ipld.List list = (Ipld.List) value;
        assertThat(node.size()).isEqualTo(list.size());
        for (int i = 0; i < list.size(); i++) {
          assertSameStructure(list.get(i), node.get(i));
        }
      }
      case MAP -> {
        Ipld.Map map = (Ipld.Map) value;
        assertThat(node.size()).isEqualTo(map.size());
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        for (Map.Entry<String, Ipld> e : map.entries().entrySet()) {
          Map.Entry<String, JsonNode> f = fields.next();
          assertThat(f.getKey()).isEqualTo(e.getKey()); // same order on the wire
          assertSameStructure(e.getValue(), f.getValue());
        }
      }
    }
  }
}
