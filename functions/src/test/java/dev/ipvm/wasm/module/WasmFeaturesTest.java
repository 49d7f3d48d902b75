package dev.ipvm.wasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forbidden features and malformed modules are rejected, by the check and by the meter alike. */
class WasmFeaturesTest {

  /** Both entry points reject the module the same way; returns the exception. */
  static ModuleException rejected(byte[] wasm) {
    ModuleException checked =
        catchThrowableOfType(ModuleException.class, () -> WasmFeatures.check(wasm));
    ModuleException metered =
        catchThrowableOfType(ModuleException.class, () -> FuelMeter.instrument(wasm));
    assertThat(checked).as("WasmFeatures.check").isNotNull();
    assertThat(metered).as("FuelMeter.instrument").isNotNull();
    assertThat(metered.getMessage()).isEqualTo(checked.getMessage());
    assertThat(metered.kind()).isEqualTo(checked.kind());
    return checked;
  }

  static void assertForbidden(byte[] wasm, ForbiddenFeature feature, String... messageParts) {
    ModuleException e = rejected(wasm);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(ModuleException.Kind.FORBIDDEN_FEATURE);
    assertThat(e.feature()).contains(feature);
    assertThat(e.getMessage()).contains(feature.reason());
    for (String part : messageParts) {
      assertThat(e.getMessage()).contains(part);
    }
  }

  static void assertInvalid(byte[] wasm, String... messageParts) {
    ModuleException e = rejected(wasm);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(ModuleException.Kind.INVALID_MODULE);
    assertThat(e.feature()).isEmpty();
    for (String part : messageParts) {
      assertThat(e.getMessage()).contains(part);
    }
  }

  @Test
  void acceptsAllowedFeatures() {
    for (String wat :
        new String[] {
          FuelMeterTest.FIB_LOOP,
          FuelMeterTest.IMPORTS,
          FuelMeterTest.CALL_INDIRECT,
          FuelMeterTest.BR_TABLE,
          FuelMeterTest.MULTI_VALUE,
          FuelMeterTest.BULK_MEMORY,
          """
          (module
            (table $t 2 externref)
            (func (export "refs") (param externref) (result i32)
              (table.set $t (i32.const 0) (local.get 0))
              (drop (table.grow $t (ref.null extern) (i32.const 1)))
              (drop (ref.func $f))
              (select (result i32) (i32.const 1) (i32.const 2)
                (ref.is_null (table.get $t (i32.const 1)))))
            (func $f (export "conv") (param f64) (result i32 i64)
              (i32.trunc_sat_f64_s (local.get 0))
              (i64.extend8_s (i64.const 255)))
            (elem declare func $f))
          """
        }) {
      byte[] wasm = Wat2Wasm.parse(wat);
      assertThatCode(() -> WasmFeatures.check(wasm)).doesNotThrowAnyException();
    }
  }

  @Test
  void rejectsSimdInstructions() {
    int[] body = new int[21];
    body[0] = 0xFD;
    body[1] = 0x0C; // v128.const
    body[18] = 0x1A; // drop
    body[19] = 0x0B;
    assertForbidden(
        Wasm.function(Arrays.copyOf(body, 20)),
        ForbiddenFeature.SIMD,
        "SIMD instructions are not allowed",
        "opcode 0xFD 12",
        "code section, function 0",
        "offset 0x");
  }

  @Test
  void rejectsSimdFromWat() {
    byte[] wasm =
        Wat2Wasm.parse("(module (func (export \"f\") (drop (v128.const i64x2 1 2))))");
    assertForbidden(wasm, ForbiddenFeature.SIMD, "function 0");
  }

  @Test
  void rejectsV128Types() {
    byte[] wasm = Wasm.module(Wasm.section(1, 1, 0x60, 1, 0x7B, 0));
    assertForbidden(wasm, ForbiddenFeature.SIMD, "v128", "type section");
  }

  @Test
  void rejectsAtomicWithSharedMemory() {
    // memory.atomic.notify on a shared memory: the shared memory is found first
    byte[] wasm =
        Wasm.functionWithMemory(
            new int[] {0x03, 1, 1}, 0x41, 0, 0x41, 1, 0xFE, 0x00, 0x02, 0x00, 0x1A, 0x0B);
    assertForbidden(wasm, ForbiddenFeature.SHARED_MEMORY, "memory section");
  }

  @Test
  void rejectsAtomicInstructions() {
    byte[] wasm =
        Wasm.functionWithMemory(
            new int[] {0x01, 1, 1}, 0x41, 0, 0x41, 1, 0xFE, 0x00, 0x02, 0x00, 0x1A, 0x0B);
    assertForbidden(wasm, ForbiddenFeature.THREADS, "opcode 0xFE 0", "function 0");
  }

  @Test
  void rejectsSharedMemoryDeclarationsAndImports() {
    assertForbidden(
        Wasm.module(Wasm.section(5, 1, 0x03, 1, 2)),
        ForbiddenFeature.SHARED_MEMORY,
        "memory section",
        "offset 0xb");
    byte[] imported =
        Wasm.module(Wasm.section(2, 1, 3, 'e', 'n', 'v', 3, 'm', 'e', 'm', 0x02, 0x03, 1, 1));
    assertForbidden(imported, ForbiddenFeature.SHARED_MEMORY, "import section");
  }

  @Test
  void rejectsMemory64() {
    assertForbidden(Wasm.module(Wasm.section(5, 1, 0x04, 1)), ForbiddenFeature.MEMORY64);
  }

  @Test
  void rejectsTailCalls() {
    assertForbidden(Wasm.function(0x12, 0x00, 0x0B), ForbiddenFeature.TAIL_CALLS, "return_call");
    assertForbidden(
        Wasm.function(0x41, 0, 0x13, 0x00, 0x00, 0x0B),
        ForbiddenFeature.TAIL_CALLS,
        "return_call_indirect");
  }

  @Test
  void rejectsExceptionHandling() {
    assertForbidden(
        Wasm.function(0x06, 0x40, 0x0B, 0x0B), ForbiddenFeature.EXCEPTION_HANDLING, "try");
    assertForbidden(
        Wasm.module(Wasm.section(13, 1, 0, 0)), ForbiddenFeature.EXCEPTION_HANDLING, "tag");
  }

  @Test
  void rejectsGcAndFunctionReferences() {
    assertForbidden(Wasm.function(0xFB, 0x00, 0x00, 0x0B), ForbiddenFeature.GC, "0xFB");
    assertForbidden(Wasm.function(0x14, 0x00, 0x0B), ForbiddenFeature.GC, "call_ref");
    assertForbidden(Wasm.module(Wasm.section(1, 1, 0x5F, 0)), ForbiddenFeature.GC, "type form");
  }

  @Test
  void rejectsUnknownOpcodes() {
    assertInvalid(Wasm.function(0x17, 0x0B), "unknown opcode 0x17", "function 0", "offset 0x");
    assertInvalid(Wasm.function(0xFC, 0x12, 0x0B), "unknown opcode 0xFC 18");
    assertInvalid(Wasm.function(0xC5, 0x0B), "unknown opcode 0xC5");
  }

  @Test
  void rejectsMalformedBodies() {
    assertInvalid(Wasm.function(0x0C, 0x01, 0x0B), "branch label 1");
    assertInvalid(Wasm.function(0x05, 0x0B), "else without a matching if");
    assertInvalid(Wasm.function(0x02, 0x40, 0x0B), "unexpected end", "function 0");
    assertInvalid(Wasm.function(0x0B, 0x01), "unexpected bytes");
  }

  @Test
  void rejectsTruncatedModules() {
    byte[] wasm = Wat2Wasm.parse(FuelMeterTest.FIB_LOOP);
    assertInvalid(Arrays.copyOf(wasm, wasm.length - 1), "truncated module", "code");
    assertInvalid(Arrays.copyOf(wasm, 5), "truncated module");
    for (int len = 0; len < wasm.length; len++) {
      byte[] prefix = Arrays.copyOf(wasm, len);
      try {
        WasmFeatures.check(prefix);
        FuelMeter.instrument(prefix); // a prefix that ends at a section boundary may be valid
      } catch (ModuleException e) {
        assertThat(e.kind()).isEqualTo(ModuleException.Kind.INVALID_MODULE);
      }
    }
  }

  @Test
  void rejectsBadHeaders() {
    byte[] wasm = Wat2Wasm.parse(FuelMeterTest.ADD);
    byte[] badMagic = wasm.clone();
    badMagic[1] = 'b';
    assertInvalid(badMagic, "bad magic", "header");
    byte[] component = wasm.clone();
    component[4] = 0x0D;
    component[6] = 0x01;
    assertInvalid(component, "unsupported binary version", "component");
    assertInvalid(new byte[0], "truncated module");
  }

  @Test
  void rejectsSectionsOutOfOrderOrUnknown() {
    assertInvalid(Wasm.module(Wasm.oneFunction(), Wasm.voidType()), "out of order");
    assertInvalid(Wasm.module(Wasm.section(14, 0)), "unknown section id 14");
    assertInvalid(Wasm.module(Wasm.voidType(), Wasm.oneFunction()), "no code section");
  }

  @Test
  void neverFailsWithAnythingButModuleExceptionOnCorruptInput() {
    byte[] wasm = Wat2Wasm.parse(FuelMeterTest.BULK_MEMORY);
    Random random = new Random(42);
    for (int i = 0; i < 3_000; i++) {
      byte[] corrupt = wasm.clone();
      int flips = 1 + random.nextInt(3);
      for (int j = 0; j < flips; j++) {
        corrupt[8 + random.nextInt(corrupt.length - 8)] = (byte) random.nextInt(256);
      }
      try {
        FuelMeter.instrument(corrupt);
      } catch (ModuleException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
