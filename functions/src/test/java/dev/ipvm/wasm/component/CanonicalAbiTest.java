package dev.ipvm.wasm.component;

import static dev.ipvm.wasm.component.WitEncoder.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Engine;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.WasmError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every WIT type through the canonical ABI, both ways, with Homestar's IPLD mapping. Each
 * {@code id-N} export takes its value and 17 u64s of padding, so the params go to memory (more
 * than 16 flat values) and the function returns their address as its return area: the host
 * stores the value, the module hands it back, the host loads it.
 */
class CanonicalAbiTest {
  /** A case; {@code fn} is the WAT function that hands the stored value back. */
  private record Case(byte[] type, Ipld in, Ipld out, String fn) {}

  private static final WitEncoder WORLD = new WitEncoder();
  private static final List<Case> CASES = new ArrayList<>();
  private static final byte[] PAD = tuple(Collections.nCopies(17, U64).toArray(new byte[0][]));
  private static final Ipld PAD_VALUE = new Ipld.List(Collections.nCopies(17, Ipld.integer(0)));
  private static final Ipld.Bytes BYTES = Ipld.Bytes.wrap(new byte[] {0, 1, (byte) 0xFF});
  private static final Cid CID = Cid.of(Multicodec.RAW, new byte[] {1, 2, 3});

  private static int add(byte[] type, Ipld in, Ipld out) {
    int code = type[0] & 0xFF;
    // a result of one flat value is returned as that value, loaded here; a longer one by address
    String fn = switch (code) {
      case 0x7F, 0x7E, 0x7D -> "$l8";
      case 0x7C, 0x7B -> "$l16";
      case 0x7A, 0x79, 0x74 -> "$l32";
      case 0x78, 0x77 -> "$l64";
      case 0x76 -> "$f32";
      case 0x75 -> "$f64";
      case 0x6D, 0x6E -> "$l8"; // enums and flags of up to 256 cases and 8 flags
      default -> "$id";
    };
    if (code == 0x6E && type[1] > 8) {
      fn = "$id"; // more than 32 flags are two i32s: returned by address
    }
    return add(type, in, out, fn);
  }

  private static int add(byte[] type, Ipld in, Ipld out, String fn) {
    int code = type[0] & 0xFF;
    // a type constructor (list, record, ...) is declared as a type first; parameters refer to it
    CASES.add(new Case(code >= 0x63 && code <= 0x72 ? WORLD.type(type) : type, in, out, fn));
    return CASES.size() - 1;
  }

  private static int same(byte[] type, Ipld v) {
    return add(type, v, v);
  }

  private static Ipld i(long v) {
    return Ipld.integer(v);
  }

  private static Ipld s(String v) {
    return Ipld.text(v);
  }

  private static Ipld map(Object... kv) {
    Ipld.Map.Builder b = Ipld.Map.builder();
    for (int k = 0; k < kv.length; k += 2) {
      b.put((String) kv[k], (Ipld) kv[k + 1]);
    }
    return b.build();
  }

  static final int BOOL_T = same(BOOL, Ipld.TRUE);
  static final int S8_T = same(S8, i(-128));
  static final int U8_T = same(U8, i(255));
  static final int S16_T = same(S16, i(-32768));
  static final int U16_T = same(U16, i(65535));
  static final int S32_T = same(S32, i(Integer.MIN_VALUE));
  static final int U32_T = same(U32, i(0xFFFF_FFFFL));
  static final int S64_T = same(S64, i(Long.MIN_VALUE));
  static final int U64_T = same(U64, Ipld.Int.of(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE)));
  static final int F32_T = add(F32, new Ipld.Float(0.1), new Ipld.Float(0.1)); // shortest decimal, as Homestar
  static final int F32_INT = add(F32, i(3), new Ipld.Float(3.0));
  static final int F64_T = same(F64, new Ipld.Float(-2.5e300));
  static final int CHAR_T = same(CHAR, s("😀"));
  static final int STRING_T = same(STRING, s("héllo, wörld"));
  static final int STRING_BYTES = add(STRING, BYTES, s("AAH/")); // base64 without padding, as Homestar
  static final int STRING_NULL = same(STRING, Ipld.NULL); // "null" both ways
  static final int STRING_LINK = same(STRING, Ipld.link(CID)); // a CID's text comes back as a link
  static final int BYTES_T = same(list(U8), BYTES);
  static final int BYTES_FROM_LIST = add(list(U8), Ipld.list(i(0), i(1), i(255)), BYTES);
  static final int BYTES_EMPTY = same(list(U8), Ipld.Bytes.wrap(new byte[0]));
  static final int LIST_S32 = same(list(S32), Ipld.list(i(1), i(-2), i(3)));
  static final int LIST_STRING = same(list(STRING), Ipld.list(s("a"), s(""), s("ccc")));
  static final int LIST_LIST = same(list(WORLD.type(list(U16))), Ipld.list(Ipld.list(i(1), i(2)), Ipld.list(), Ipld.list(i(3))));
  static final int PAIRS = same(list(WORLD.type(tuple(STRING, U32))), map("a", i(1), "bb", i(2)));
  static final int TUPLE_T = same(WORLD.type(tuple(U8, STRING, F64)), Ipld.list(i(7), s("x"), new Ipld.Float(1.5)));
  static final byte[] OPT_STRING = WORLD.type(option(STRING));
  static final int RECORD_T = same(WORLD.type(record("x", U32, "y", OPT_STRING)), map("x", i(3), "y", s("why")));
  static final int RECORD_NONE = same(WORLD.type(record("x", U32, "y", OPT_STRING)), map("x", i(3), "y", Ipld.NULL));
  static final int RECORD_EXTRA = add(record("x", U8), map("x", i(1), "z", i(2)), map("x", i(1)), "$l8");
  static final int OPTION_SOME = same(WORLD.type(option(U32)), i(5));
  static final int OPTION_NONE = same(WORLD.type(option(U32)), Ipld.NULL);
  static final byte[] RESULT = WORLD.type(result(U32, STRING));
  static final int RESULT_OK = same(RESULT, Ipld.list(i(47), Ipld.NULL));
  static final int RESULT_ERR = same(RESULT, Ipld.list(Ipld.NULL, s("error message")));
  static final byte[] BARE_RESULT = WORLD.type(result(null, null));
  static final int RESULT_OK_NONE = add(BARE_RESULT, Ipld.list(i(47), Ipld.NULL), Ipld.list(i(1), Ipld.NULL), "$l8");
  static final int RESULT_ERR_NONE = add(BARE_RESULT, Ipld.list(Ipld.NULL, s("e")), Ipld.list(Ipld.NULL, i(1)), "$l8");
  static final byte[] COLOR = enumeration("red", "green", "blue");
  static final int ENUM_T = same(COLOR, s("blue"));
  static final byte[] FILTER = WORLD.type(variant("all", null, "none", null, "some", WORLD.type(list(STRING)), "num", F32));
  static final int VARIANT_PAYLOAD = same(FILTER, map("some", Ipld.list(s("a"), s("b"))));
  static final int VARIANT_BARE = add(FILTER, map("none", i(0)), map("none", Ipld.NULL));
  static final int VARIANT_FLOAT = same(FILTER, map("num", new Ipld.Float(0.5)));
  static final byte[] PERMS = flags("read", "write", "exec");
  static final int FLAGS_T = add(PERMS, Ipld.list(s("exec"), s("read")), Ipld.list(s("read"), s("exec")));
  static final String[] MANY = manyNames();
  static final int FLAGS_WIDE = same(flags(MANY), Ipld.list(s("f0"), s("f33"), s("f39")));

  private static String[] manyNames() {
    String[] names = new String[40];
    for (int n = 0; n < 40; n++) {
      names[n] = "f" + n;
    }
    return names;
  }

  static final byte[] MODULE = module();

  private static byte[] module() {
    StringBuilder wat = new StringBuilder(Modules.PRELUDE).append("""
        (func $id (param i32) (result i32) local.get 0)
        (func $l8 (param i32) (result i32) local.get 0 i32.load8_u)
        (func $l16 (param i32) (result i32) local.get 0 i32.load16_u)
        (func $l32 (param i32) (result i32) local.get 0 i32.load)
        (func $l64 (param i32) (result i64) local.get 0 i64.load)
        (func $f32 (param i32) (result f32) local.get 0 f32.load)
        (func $f64 (param i32) (result f64) local.get 0 f64.load)
        """);
    byte[] pad = WORLD.type(PAD);
    for (int n = 0; n < CASES.size(); n++) {
      wat.append("(export \"id-").append(n).append("\" (func ").append(CASES.get(n).fn()).append("))\n");
      WORLD.func("id-" + n, CASES.get(n).type(), "x", CASES.get(n).type(), "pad", pad);
    }
    return WORLD.appendTo(Modules.wat(wat.toString()));
  }

  @Test
  void everyTypeGoesInAndComesBackAsHomestarMapsIt() {
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < CASES.size(); n++) {
      Outcome o = Modules.run(MODULE, "id-" + n, CASES.get(n).in(), PAD_VALUE);
      Ipld got = o instanceof Outcome.Ok ok ? ok.value() : null;
      if (!CASES.get(n).out().equals(got)) {
        failures.add("id-" + n + ": " + CASES.get(n).in() + " gave " + o + ", expected " + CASES.get(n).out());
      }
    }
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void bothEnginesAgree(Engine engine) {
    Outcome o = Modules.run(engine, MODULE, "id-" + RECORD_T, CASES.get(RECORD_T).in(), PAD_VALUE);
    assertThat(o).isEqualTo(Modules.run(Engine.INTERPRETER, MODULE, "id-" + RECORD_T, CASES.get(RECORD_T).in(), PAD_VALUE));
    assertThat(((Outcome.Ok) o).value()).isEqualTo(CASES.get(RECORD_T).out());
  }

  @Test
  void paramsThatDoNotFitTheSignatureAreBadParams() {
    Map<Integer, Ipld> bad = Map.of(
        U8_T, i(256), S8_T, i(-129), BOOL_T, i(1), CHAR_T, s("ab"), STRING_T, i(3),
        TUPLE_T, Ipld.list(i(1), s("x")), RECORD_T, map("y", s("no x")), ENUM_T, s("purple"),
        VARIANT_PAYLOAD, map("some", Ipld.list(), "all", Ipld.NULL), FLAGS_T, Ipld.list(s("fly")));
    for (Map.Entry<Integer, Ipld> e : bad.entrySet()) {
      Outcome o = Modules.run(MODULE, "id-" + e.getKey(), e.getValue(), PAD_VALUE);
      assertThat(o).as("id-%d with %s", e.getKey(), e.getValue()).isInstanceOf(Outcome.Failed.class);
      assertThat(((Outcome.Failed) o).error()).as(o.toString()).isEqualTo(WasmError.BAD_PARAMS);
    }
    Outcome missing = Modules.run(MODULE, "id-" + U8_T, i(1));
    assertThat(((Outcome.Failed) missing).error()).isEqualTo(WasmError.BAD_PARAMS);
    assertThat(missing.toString()).contains("takes 2 params [x, pad], got 1");
    Outcome results = Modules.run(MODULE, "id-" + RESULT_OK, Ipld.list(s("x"), s("y")), PAD_VALUE);
    assertThat(((Outcome.Failed) results).error()).isEqualTo(WasmError.BAD_PARAMS);
  }
}
