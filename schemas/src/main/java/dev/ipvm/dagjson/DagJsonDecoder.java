package dev.ipvm.dagjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCborDecoder;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ipld.Unicode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict DAG-JSON decoder: exactly one JSON value (whitespace around it is fine), unique map
 * keys, integers within -2^64 .. 2^64-1, finite floats, well-formed links and bytes, the
 * reserved-namespace rules of {@link ReservedNamespace}, and bounded nesting. Each rejection
 * names its {@link Rule} and the line and column.
 *
 * <p>What it does not demand is the canonical form: keys may come in any order and whitespace,
 * exponents and escapes may be written freely, as the spec asks of decoders (people write JSON by
 * hand). Re-encoding gives the canonical form. Numbers are integers when written with digits only
 * and floats when written with a point or an exponent, as the spec says.
 */
public final class DagJsonDecoder {
  /**
   * Default bound on JSON nesting: DAG-CBOR's 256 levels of lists and maps plus the two JSON
   * levels a bytes value adds, so any value DAG-CBOR decodes converts to DAG-JSON and back.
   */
  public static final int DEFAULT_MAX_DEPTH = DagCborDecoder.DEFAULT_MAX_DEPTH + 2;

  // Jackson rejects NaN and Infinity as unknown tokens; letting them through lets us name the rule.
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  /** Digits plus sign of 2^64: any integer text longer than this is out of range. */
  private static final int MAX_INTEGER_TEXT = 21;

  private final JsonParser in;
  private final int maxDepth;
  /** The first key, as written, of the object read last: the reserved-namespace check needs it. */
  private String lastObjectFirstKey;

  private DagJsonDecoder(JsonParser in, int maxDepth) {
    this.in = in;
    this.maxDepth = maxDepth;
  }

  /** @throws DagJsonException naming the rule and position when the input is not DAG-JSON */
  public static Ipld decode(byte[] json) {
    return decode(json, DEFAULT_MAX_DEPTH);
  }

  public static Ipld decode(byte[] json, int maxDepth) {
    if (utf16or32(json)) {
      throw DagJsonException.at(Rule.MALFORMED_JSON, 1, 1,
          "the first bytes are UTF-16 or UTF-32 text; DAG-JSON is UTF-8");
    }
    int bad = invalidUtf8At(json);
    if (bad >= 0) {
      throw atOffset(Rule.MALFORMED_JSON, json, bad, String.format("invalid UTF-8 (byte 0x%02x)", json[bad] & 0xFF));
    }
    try (JsonParser p = JSON.createParser(json)) {
      return new DagJsonDecoder(p, maxDepth).readDocument();
    } catch (JsonProcessingException e) {
      throw fromJackson(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading DAG-JSON from memory failed", e);
    }
  }

  /**
   * Whether Jackson, which guesses the encoding of bytes from the first four, would read these as
   * UTF-16 or UTF-32 rather than UTF-8: a byte-order mark FE FF or FF FE, or a zero byte among the
   * first two (UTF-8 JSON never starts with U+0000). Such input must not decode: DAG-JSON is UTF-8,
   * and Jackson's UTF-32 reader fails with an IOException that is not a parse error.
   */
  private static boolean utf16or32(byte[] json) {
    if (json.length >= 2 && ((json[0] == (byte) 0xFE && json[1] == (byte) 0xFF)
        || (json[0] == (byte) 0xFF && json[1] == (byte) 0xFE))) {
      return true;
    }
    return (json.length >= 1 && json[0] == 0) || (json.length >= 2 && json[1] == 0);
  }

  /**
   * The offset of the first byte that is not well-formed UTF-8, or -1. Jackson checks the UTF-8 of
   * string values but not of object keys: an object whose key held a raw 0xFF byte decoded
   * (DagJsonFuzzTest). ASCII-only input, the common case, costs one scan.
   */
  private static int invalidUtf8At(byte[] json) {
    int first = 0;
    while (first < json.length && json[first] >= 0) {
      first++;
    }
    if (first == json.length) {
      return -1;
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(json, first, json.length - first);
    CharBuffer out = CharBuffer.allocate(Math.min(json.length - first, 8192));
    while (true) {
      CoderResult r = utf8.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isUnderflow()) {
        return utf8.flush(out).isError() ? in.position() : -1;
      }
      out.clear(); // overflow: only validity matters, not the characters
    }
  }

  /** An error at a byte offset of the input, as 1-based line and column (in bytes, as Jackson counts). */
  private static DagJsonException atOffset(Rule rule, byte[] json, int offset, String detail) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (json[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return DagJsonException.at(rule, line, offset - lineStart + 1, detail);
  }

  /** Decodes text; a Java string is read as characters, so no UTF-8 step can hide a bad one. */
  public static Ipld decode(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      return new DagJsonDecoder(p, DEFAULT_MAX_DEPTH).readDocument();
    } catch (JsonProcessingException e) {
      throw fromJackson(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading DAG-JSON from memory failed", e);
    }
  }

  private Ipld readDocument() throws IOException {
    JsonToken first = in.nextToken();
    if (first == null) {
      throw error(Rule.EMPTY_INPUT, null);
    }
    Ipld value = readValue(first, 0);
    JsonToken extra;
    try {
      extra = in.nextToken();
    } catch (JsonProcessingException e) { // e.g. "{}x" or "[1]]": not JSON at all after the value
      throw at(Rule.TRAILING_CONTENT, e.getLocation(), jacksonDetail(e));
    }
    if (extra != null) {
      throw error(Rule.TRAILING_CONTENT, "a second value starts with " + extra.asString());
    }
    return value;
  }

  /** Reads the value that starts with {@code token}, whose container (if any) sits at {@code depth}. */
  private Ipld readValue(JsonToken token, int depth) throws IOException {
    switch (token) {
      case START_ARRAY:
        return readList(depth);
      case START_OBJECT:
        return readObject(depth);
      case VALUE_STRING:
        return new Ipld.Text(checked(in.getText()));
      case VALUE_NUMBER_INT:
        return readInteger();
      case VALUE_NUMBER_FLOAT:
        return readFloat();
      case VALUE_TRUE:
        return Ipld.TRUE;
      case VALUE_FALSE:
        return Ipld.FALSE;
      case VALUE_NULL:
        return Ipld.NULL;
      default: // END_ARRAY, FIELD_NAME and such never start a value; Jackson reports them first
        throw error(Rule.MALFORMED_JSON, "unexpected " + token);
    }
  }

  private Ipld readList(int depth) throws IOException {
    enter(depth);
    List<Ipld> items = new ArrayList<>();
    for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
      items.add(readValue(t, depth + 1));
    }
    return new Ipld.List(items);
  }

  private Ipld readObject(int depth) throws IOException {
    enter(depth);
    JsonLocation start = in.currentTokenLocation();
    Map<String, Ipld> entries = new HashMap<>();
    String firstKey = null;
    String innerFirstKey = null; // first key written inside the value of a leading "/"
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      String key = checked(in.currentName());
      if (entries.containsKey(key)) {
        throw error(Rule.DUPLICATE_KEY, quoted(key));
      }
      JsonToken valueStart = in.nextToken();
      entries.put(key, readValue(valueStart, depth + 1));
      if (firstKey == null) {
        firstKey = key;
        innerFirstKey = valueStart == JsonToken.START_OBJECT ? lastObjectFirstKey : null;
      }
    }
    lastObjectFirstKey = firstKey;
    ReservedNamespace.Shape sorted = ReservedNamespace.shape(entries);
    ReservedNamespace.Shape written = ReservedNamespace.shape(entries, firstKey, innerFirstKey);
    if (sorted == ReservedNamespace.Shape.INVALID || written == ReservedNamespace.Shape.INVALID) {
      throw at(Rule.RESERVED_KEY, start, "when \"/\" comes first, by sort order or as written, and "
          + "holds a string or {\"bytes\": string}, no other keys may appear; keys here: "
          + entries.keySet());
    }
    switch (sorted) { // LINK and BYTES have one key per map, so both readings agree on them
      case LINK:
        return link(((Ipld.Text) entries.get(ReservedNamespace.SLASH)).value(), start);
      case BYTES:
        Ipld.Map inner = (Ipld.Map) entries.get(ReservedNamespace.SLASH);
        return bytes(((Ipld.Text) inner.get(ReservedNamespace.BYTES)).value(), start);
      default:
        return Ipld.Map.of(entries); // sorts: input order never matters
    }
  }

  private Ipld.Link link(String text, JsonLocation start) {
    Cid cid;
    try {
      cid = Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw at(Rule.BAD_LINK, start, quoted(text) + ": " + e.getMessage());
    }
    if (!cid.toString().equals(text)) { // e.g. base58btc "z..." CIDv1: the spec names base32 only
      throw at(Rule.BAD_LINK, start, quoted(text) + " is not in the canonical text form; write "
          + quoted(cid.toString()));
    }
    return Ipld.link(cid);
  }

  private Ipld.Bytes bytes(String base64, JsonLocation start) {
    if (base64.indexOf('=') >= 0) {
      throw at(Rule.BAD_BYTES, start, "padding '=' is not allowed");
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw at(Rule.BAD_BYTES, start, e.getMessage());
    }
    // Non-zero bits after the last whole byte would let two texts mean the same bytes.
    if (!BASE64.encodeToString(data).equals(base64)) {
      throw at(Rule.BAD_BYTES, start, "the last character carries non-zero unused bits");
    }
    return Ipld.Bytes.wrap(data);
  }

  private Ipld readInteger() throws IOException {
    if (in.getTextLength() > MAX_INTEGER_TEXT) { // before BigInteger parsing, which is quadratic
      throw error(Rule.INTEGER_OUT_OF_RANGE, in.getTextLength() + " characters long");
    }
    if (in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return Ipld.Int.of(in.getLongValue());
    }
    BigInteger big = in.getBigIntegerValue();
    if (big.compareTo(Ipld.Int.MIN) < 0 || big.compareTo(Ipld.Int.MAX) > 0) {
      throw error(Rule.INTEGER_OUT_OF_RANGE, big.toString());
    }
    return Ipld.Int.of(big);
  }

  private Ipld readFloat() throws IOException {
    if (in.isNaN()) { // NaN, Infinity, -Infinity spelled out
      throw error(Rule.FLOAT_NOT_FINITE, in.getText());
    }
    double d = in.getDoubleValue();
    if (!Double.isFinite(d)) { // e.g. 1e400
      throw error(Rule.FLOAT_NOT_FINITE, in.getText() + " overflows a 64-bit float");
    }
    return new Ipld.Float(d);
  }

  private void enter(int depth) {
    if (depth >= maxDepth) {
      throw error(Rule.TOO_DEEP, "limit " + maxDepth + " JSON levels");
    }
  }

  private String checked(String s) {
    int at = Unicode.loneSurrogateIndex(s);
    if (at >= 0) {
      throw error(Rule.LONE_SURROGATE, String.format("U+%04X at index %d", (int) s.charAt(at), at));
    }
    return s;
  }

  /** An error at the token the parser is on. */
  private DagJsonException error(Rule rule, String detail) {
    return at(rule, in.currentTokenLocation(), detail);
  }

  private static DagJsonException at(Rule rule, JsonLocation where, String detail) {
    if (where == null) {
      return DagJsonException.at(rule, -1, -1, detail);
    }
    return DagJsonException.at(rule, where.getLineNr(), where.getColumnNr(), detail);
  }

  private static DagJsonException fromJackson(JsonProcessingException e) {
    Rule rule = e instanceof StreamConstraintsException ? Rule.TOO_LARGE : Rule.MALFORMED_JSON;
    return at(rule, e.getLocation(), jacksonDetail(e));
  }

  /** Jackson's message without its note that it leaves the source out of locations. */
  private static String jacksonDetail(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
  }

  private static String quoted(String s) {
    return '"' + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + '"';
  }
}
