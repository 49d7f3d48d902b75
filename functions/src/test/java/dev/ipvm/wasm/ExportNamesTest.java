package dev.ipvm.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.ipvm.ipld.Ipld;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Export names matched as Homestar matches a workflow's func (one rule for the job and the CLI). */
class ExportNamesTest {
  @Test
  void theFormsTriedFollowHomestarsOrder() {
    assertThat(ExportNames.candidates("add_one"))
        .containsExactly("add_one", "ADD_ONE", "add-one", "addOne", "AddOne", "%add_one");
    assertThat(ExportNames.candidates("getCurrentTime"))
        .containsExactly("getCurrentTime", "GETCURRENTTIME", "get-current-time", "get_current_time", "GetCurrentTime",
            "%getCurrentTime");
    assertThat(ExportNames.words("HTTPServer2Go")).containsExactly("HTTP", "Server2", "Go");
    assertThat(ExportNames.words("rotate90")).containsExactly("rotate90");
    assertThat(ExportNames.words("--a__b c")).containsExactly("a", "b", "c");
  }

  @Test
  void theNameAsWrittenWinsAndNoMatchLeavesItAsWritten() {
    assertThat(ExportNames.match("add_one", Set.of("add-one", "add_one"))).isEqualTo("add_one");
    assertThat(ExportNames.match("add_one", Set.of("add-one", "AddOne"))).isEqualTo("add-one");
    assertThat(ExportNames.match("crop", Set.of("CROP"))).isEqualTo("CROP");
    assertThat(ExportNames.match("run", Set.of("%run"))).isEqualTo("%run");
    assertThat(ExportNames.match("add_two", Set.of("add-one"))).isEqualTo("add_two");
  }

  @Test
  void aModulesFunctionExportsAreMatchedAndRun() {
    byte[] wasm = Wat2Wasm.parse("(module"
        + " (func (export \"add-one\") (param i32) (result i32) local.get 0 i32.const 1 i32.add)"
        + " (func (export \"getAnswer\") (result i32) i32.const 42)"
        + " (global (export \"add_two\") i32 (i32.const 0)))");
    Limits limits = new Limits(1_000_000, 16 << 20, Duration.ofSeconds(5), 1 << 20);
    try (WasmRuntime runtime = new WasmRuntime(RuntimeConfig.builder().build())) {
      String addOne = ExportNames.resolve(runtime, wasm, "add_one");
      assertThat(addOne).isEqualTo("add-one");
      assertThat(runtime.run(wasm, addOne, List.of(Ipld.integer(41)), limits))
          .isInstanceOfSatisfying(Outcome.Ok.class, ok -> assertThat(ok.value()).isEqualTo(Ipld.integer(42)));
      assertThat(ExportNames.resolve(runtime, wasm, "get_answer")).isEqualTo("getAnswer");
      // only functions count: a global named add_two is no match
      assertThat(ExportNames.resolve(runtime, wasm, "add_two")).isEqualTo("add_two");
      // a module that does not load: left as written, the run says why
      assertThat(ExportNames.resolve(runtime, new byte[] {0, 1, 2}, "add_one")).isEqualTo("add_one");
    }
  }
}
