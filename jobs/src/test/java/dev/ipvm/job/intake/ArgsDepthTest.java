package dev.ipvm.job.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import org.junit.jupiter.api.Test;

class ArgsDepthTest {
  /** {@code depth} levels: a map at the top, then lists. */
  static Ipld nested(int depth) {
    Ipld v = Ipld.integer(1);
    for (int i = 1; i < depth; i++) {
      v = Ipld.list(v);
    }
    return Ipld.Map.builder().put("params", v).build();
  }

  @Test
  void depthCountsListsAndMapsFromTheTop() {
    assertThat(Intake.deeperThan(nested(64), 64)).isFalse();
    assertThat(Intake.deeperThan(nested(65), 64)).isTrue();
    assertThat(Intake.deeperThan(Ipld.integer(1), 0)).as("a scalar has no depth").isFalse();
    assertThat(Intake.deeperThan(Ipld.Map.EMPTY, 1)).isFalse();
    assertThat(Intake.deeperThan(Ipld.Map.EMPTY, 0)).isTrue();
  }
}
