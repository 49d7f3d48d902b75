package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Homestar's own fixture, homestar-runtime/tests/fixtures/test-workflow-add-one.json
 * (ipvm-wg/homestar): its second task awaits the first by an instruction CID that Homestar
 * computed. Ours must be the same, or unchanged Homestar workflows could not await.
 */
class HomestarFixtureTest {
  @Test
  void instructionCidsMatchTheOnesHomestarComputed() throws Exception {
    byte[] json;
    try (InputStream in = HomestarFixtureTest.class.getResourceAsStream("/homestar/test-workflow-add-one.json")) {
      json = in.readAllBytes();
    }
    WorkflowDocument wf = WorkflowDocument.parse(json, Path.of("."), "test-workflow-add-one.json");
    assertThat(wf.tasks()).hasSize(2);
    assertThat(wf.tasks().get(0).instruction())
        .isEqualTo(Cid.parse("bafyrmigpbec3fpc64hxkehxkszctb5f5roylk5ej2t2qgfylf64gpdn54m"));
  }
}
