package dev.ipvm.wasm.component;

import static dev.ipvm.wasm.component.WitEncoder.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.WasmError;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed and unsupported component-type sections: a named error, never another exception. */
class ComponentTypeSectionTest {
  private static final byte[] CORE = Modules.wat("(func (export \"f\") (param i32) (result i32) local.get 0)");

  private static byte[] withPayload(byte[] payload) {
    return WitEncoder.appendSection(CORE, "component-type:broken", payload);
  }

  private static void refused(byte[] payload, ComponentTypeError error) {
    byte[] module = withPayload(payload);
    assertThatThrownBy(() -> WorldExports.of(module)).isInstanceOfSatisfying(ComponentTypeException.class,
        e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
    Outcome o = Modules.run(module, "f", Ipld.integer(1));
    assertThat(((Outcome.Failed) o).error()).isEqualTo(WasmError.INVALID_MODULE);
    assertThat(o.toString()).contains("the component-type section is malformed: " + error.name());
  }

  private static byte[] valid() {
    return new WitEncoder().func("f", S32, "a", S32).payload();
  }

  @Test
  void aValidSectionIsRead() {
    assertThat(WorldExports.of(withPayload(valid())).find("f").toString()).isEqualTo("f: func(a: s32) -> s32");
    assertThat(WorldExports.of(CORE).isEmpty()).isTrue();
  }

  @Test
  void truncatedSectionsAndBadPreambles() {
    byte[] v = valid();
    refused(Arrays.copyOf(v, v.length - 3), ComponentTypeError.TRUNCATED);
    byte[] version = v.clone();
    version[4] = 0x01;
    refused(version, ComponentTypeError.BAD_PREAMBLE);
    refused(new byte[] {0x00, 0x61}, ComponentTypeError.BAD_PREAMBLE);
  }

  @Test
  void unknownCodesBadIndicesAndBadNames() {
    refused(new WitEncoder().raw(0x01, 0x50).payload(), ComponentTypeError.UNKNOWN_CODE);
    refused(new WitEncoder().raw(0x09).payload(), ComponentTypeError.UNKNOWN_CODE);
    refused(new WitEncoder().func("f", ref(42), "a", S32).payload(), ComponentTypeError.BAD_INDEX);
    refused(new WitEncoder().raw(0x01, 0x72, 0x01, 0x02, (byte) 0xC3, 0x28, 0x79).payload(), ComponentTypeError.BAD_NAME);
    refused(new WitEncoder().raw(0x00, 0x50, 0x00).payload(), ComponentTypeError.UNSUPPORTED);
    refused(new WitEncoder().raw(0x01, 0x70, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).payload(),
        ComponentTypeError.BAD_NUMBER);
  }

  @Test
  void typesTooDeepOrTooLarge() {
    WitEncoder deep = new WitEncoder();
    byte[] t = U8;
    for (int i = 0; i < 70; i++) {
      t = deep.type(list(t));
    }
    refused(deep.payload(), ComponentTypeError.TOO_LARGE);
    WitEncoder wide = new WitEncoder();
    byte[] w = U64;
    for (int i = 0; i < 4; i++) {
      byte[][] copies = new byte[256][];
      Arrays.fill(copies, w);
      w = wide.type(tuple(copies)); // 8 * 256^4 bytes: past the ABI's 2^28
    }
    refused(wide.payload(), ComponentTypeError.TOO_LARGE);
  }

  @Test
  void trailingBytesAndConflictingSections() {
    byte[] v = valid();
    // grow the type section's declared size by one and add a stray byte inside it
    int sizeAt = indexOfTypeSectionSize(v);
    byte[] longer = cat(Arrays.copyOf(v, sizeAt), new byte[] {(byte) (v[sizeAt] + 1)},
        Arrays.copyOfRange(v, sizeAt + 1, v.length), new byte[] {0x00});
    refused(longer, ComponentTypeError.TRAILING_BYTES);
    byte[] twice = WitEncoder.appendSection(withPayload(valid()), "component-type:other",
        new WitEncoder().func("f", U8, "b", U8).payload());
    assertThatThrownBy(() -> WorldExports.of(twice)).isInstanceOfSatisfying(ComponentTypeException.class,
        e -> assertThat(e.error()).isEqualTo(ComponentTypeError.CONFLICT));
    byte[] same = WitEncoder.appendSection(withPayload(valid()), "component-type:again", valid());
    assertThat(WorldExports.of(same).functions()).hasSize(1);
  }

  private static int indexOfTypeSectionSize(byte[] payload) {
    // preamble (8), then the custom section: id, size, body; then the type section: id 7, size
    int customSize = payload[9];
    assertThat(payload[10 + customSize]).isEqualTo((byte) 7);
    assertThat(payload[11 + customSize]).isPositive(); // one-byte size in these small sections
    return 11 + customSize;
  }

  @Test
  void resourcesLoadButCannotBeCalled() {
    // (import "res" (type (sub resource))) then own<res> as a param
    byte[] payload = new WitEncoder()
        .rawTypes(1, cat(new byte[] {0x03, 0x00}, count(3), "res".getBytes(), new byte[] {0x03, 0x01}))
        .rawTypes(1, new byte[] {0x01, 0x69, 0x00})
        .func("f", S32, "a", ref(1))
        .payload();
    byte[] module = withPayload(payload);
    assertThat(WorldExports.of(module).find("f").unsupported()).isEqualTo("own<resource>");
    Outcome o = Modules.run(module, "f", Ipld.integer(1));
    assertThat(((Outcome.Failed) o).error()).isEqualTo(WasmError.BAD_PARAMS);
    assertThat(o.toString()).contains("'f' uses own<resource>, which the runtime cannot pass");
  }

  @Test
  void mutatedSectionsFailByName() {
    byte[] seed = new WitEncoder()
        .func("g", null, "r", new WitEncoder().type(record("a", U8)))
        .payload();
    byte[] rich = richPayload();
    Random random = new Random(17);
    for (byte[] base : new byte[][] {seed, rich}) {
      for (int n = 0; n < 3000; n++) {
        byte[] m = base.clone();
        for (int k = 0; k <= random.nextInt(3); k++) {
          m[8 + random.nextInt(m.length - 8)] = (byte) random.nextInt(256);
        }
        try {
          WorldExports.of(withPayload(m)).functions().forEach(Object::toString);
        } catch (ComponentTypeException expected) {
          assertThat(expected.error()).isNotNull();
        }
      }
    }
  }

  private static byte[] richPayload() {
    WitEncoder w = new WitEncoder();
    byte[] v = w.type(variant("a", U32, "b", null));
    byte[] r = w.type(record("x", v, "y", w.type(list(STRING)), "z", w.type(option(F64))));
    byte[] f = w.type(flags("p", "q"));
    return w.func("h", w.type(result(r, STRING)), "f", f, "e", w.type(enumeration("l", "m")),
        "t", w.type(tuple(CHAR, BOOL))).payload();
  }
}
