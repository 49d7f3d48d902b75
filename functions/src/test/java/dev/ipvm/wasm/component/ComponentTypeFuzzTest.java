package dev.ipvm.wasm.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the component-type section reader (docs/fuzzing.md): arbitrary bytes
 * as a section's payload, appended to a small module. Reading either gives signatures (each
 * described, with its layout computed) or fails with a {@link ComponentTypeException} naming its
 * {@link ComponentTypeError}; anything else is a finding. Seeds: the worlds of Homestar's
 * example_test.wasm and example_add.wasm (homestar-wasm/fixtures, ipvm-wg/homestar).
 */
class ComponentTypeFuzzTest {
  private static final byte[] CORE = Modules.wat("(func (export \"f\"))");

  @FuzzTest
  void parse(byte[] payload) {
    try {
      for (WitFunction f : WorldExports.of(WitEncoder.appendSection(CORE, "component-type:fuzz", payload)).functions()) {
        assertThat(f.toString()).isNotEmpty();
        f.params().forEach(p -> assertThat(p.type().layout().size()).isLessThan(1L << 28));
      }
    } catch (ComponentTypeException e) {
      assertThat(e.error()).isNotNull();
    }
  }
}
