package dev.ipvm.dagjson;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ipld.KeyOrder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The canonical DAG-JSON encoder: no whitespace, map keys sorted bytewise on UTF-8, links as
 * {@code {"/":"<cid>"}}, bytes as {@code {"/":{"bytes":"<base64, no padding>"}}}, integers as
 * plain digits, floats as {@link FloatText} writes them. Equal values give identical bytes.
 *
 * <p>Strings are escaped as JavaScript's {@code JSON.stringify} does (the form the IPLD fixtures
 * hold): quote, backslash and the control characters with a short form ({@code \b \f \n \r \t})
 * get that form, other control characters a six-character escape with lower-case hex digits, and
 * everything else is raw UTF-8, including characters beyond the BMP.
 *
 * <p>It refuses values the decoder would not read back as the same value: maps in the reserved
 * {@code "/"} form ({@link ReservedNamespace}), strings with lone surrogates, and nesting deeper
 * than {@link DagJsonDecoder#DEFAULT_MAX_DEPTH} JSON levels.
 */
public final class DagJsonEncoder {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // 4-byte UTF-8, not two escapes
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // lower-case hex like JSON.stringify
      .build();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final JsonGenerator out;
  private final int maxDepth;
  private final List<String> path = new ArrayList<>(); // for error messages only

  private DagJsonEncoder(JsonGenerator out, int maxDepth) {
    this.out = out;
    this.maxDepth = maxDepth;
  }

  /** @throws DagJsonException when the value has no DAG-JSON form (see the class comment) */
  public static byte[] encode(Ipld value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      new DagJsonEncoder(g, DagJsonDecoder.DEFAULT_MAX_DEPTH).write(value, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("writing DAG-JSON to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code value} whose outermost JSON container, if any, is at nesting {@code depth}. */
  private void write(Ipld value, int depth) throws IOException {
    switch (value.kind()) {
      case NULL -> out.writeNull();
      case BOOL -> out.writeBoolean(((Ipld.Bool) value).value());
      case INT -> {
        Ipld.Int i = (Ipld.Int) value;
        if (i.fitsLong()) {
          out.writeNumber(i.longValue());
        } else {
          out.writeNumber(i.bigValue());
        }
      }
      case FLOAT -> out.writeNumber(FloatText.of(((Ipld.Float) value).value()));
      case STRING -> out.writeString(((Ipld.Text) value).value());
      case BYTES -> {
        enter(depth + 1); // two JSON levels: {"/": {"bytes": ...}}
        out.writeStartObject();
        out.writeFieldName(ReservedNamespace.SLASH);
        out.writeStartObject();
        out.writeStringField(ReservedNamespace.BYTES, BASE64.encodeToString(((Ipld.Bytes) value).toByteArray()));
        out.writeEndObject();
        out.writeEndObject();
      }
      case LINK -> {
        enter(depth);
        out.writeStartObject();
        out.writeStringField(ReservedNamespace.SLASH, ((Ipld.Link) value).cid().toString());
        out.writeEndObject();
      }
      case LIST -> {
        enter(depth);
        Ipld.List list = (Ipld.List) value;
        out.writeStartArray();
        for (int i = 0; i < list.size(); i++) {
          path.add(Integer.toString(i));
          write(list.get(i), depth + 1);
          path.remove(path.size() - 1);
        }
        out.writeEndArray();
      }
      case MAP -> writeMap((Ipld.Map) value, depth);
    }
  }

  private void writeMap(Ipld.Map map, int depth) throws IOException {
    enter(depth);
    ReservedNamespace.Shape shape = ReservedNamespace.shape(map.entries());
    if (shape != ReservedNamespace.Shape.PLAIN) {
      throw DagJsonException.atPath(Rule.RESERVED_KEY, pointer(), switch (shape) {
        case LINK -> "a map {\"/\": string} would read back as a link; use a Link value";
        case BYTES -> "a map {\"/\": {\"bytes\": string}} would read back as bytes; use a Bytes value";
        default -> "\"/\" sorts first and holds a link- or bytes-like value, so no other keys may appear";
      });
    }
    String[] keys = map.entries().keySet().toArray(new String[0]);
    Arrays.sort(keys, KeyOrder.DAG_JSON); // Ipld.Map iterates in DAG-CBOR order, not this one
    out.writeStartObject();
    for (String key : keys) {
      out.writeFieldName(key);
      path.add(key);
      write(map.get(key), depth + 1);
      path.remove(path.size() - 1);
    }
    out.writeEndObject();
  }

  private void enter(int depth) {
    if (depth >= maxDepth) {
      throw DagJsonException.atPath(Rule.TOO_DEEP, pointer(), "limit " + maxDepth + " JSON levels");
    }
  }

  /** The current position as an RFC 6901 JSON Pointer. */
  private String pointer() {
    StringBuilder sb = new StringBuilder();
    for (String segment : path) {
      sb.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }
}
