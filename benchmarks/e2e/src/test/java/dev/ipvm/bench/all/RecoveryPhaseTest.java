package dev.ipvm.bench.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cluster.Recovery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryPhaseTest {
  @Test
  void theRecoveryRunsAtTheFirstIntervalOfRunAllsList() {
    assertThat(RecoveryPhase.firstInterval("1000,200,100")).isEqualTo(Duration.ofSeconds(1));
    assertThat(RecoveryPhase.firstInterval(" 200-copy ,1000")).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void theModeIsOnOffOrOnlyAndAnythingElseIsRefused() {
    assertThat(RecoveryPhase.Mode.parse("Only")).isEqualTo(RecoveryPhase.Mode.ONLY);
    assertThat(RecoveryPhase.Mode.parse("off")).isEqualTo(RecoveryPhase.Mode.OFF);
    assertThatThrownBy(() -> RecoveryPhase.Mode.parse("skip")).hasMessageContaining("on, off or only");
  }

  @Test
  void theGoalIsMetOnlyWhenEveryKillRecoveredWithinThirtySeconds() {
    Recovery.Plan plan = Recovery.Plan.standard(Duration.ofSeconds(1), 3);
    String met = Report.recovery(new Recovery.Result(plan, List.of(new Recovery.Kill("taskmanager-1", 12.0, 12.5),
        new Recovery.Kill("taskmanager-2", 9.5, 10.0), new Recovery.Kill("taskmanager-1", 14.25, 14.5)), 1800, 0, 0, 0));
    assertThat(met).contains("**12.0 s** (median; 9.5–14.3)").contains("| met (slowest 14.3 s) |").contains("| 0 / 0 |");
    String missed = Report.recovery(new Recovery.Result(plan, List.of(new Recovery.Kill("taskmanager-1", 12.0, 12.5),
        new Recovery.Kill("taskmanager-2", 31.0, 31.0), new Recovery.Kill("taskmanager-1", 14.0, 14.5)), 1800, 0, 0, 0));
    assertThat(missed).contains("| missed (slowest 31.0 s) |");
  }

  @Test
  void aPlanWhoseKillsLeaveTooFewSlotsIsRefused() {
    assertThat(Recovery.Plan.standard(Duration.ofSeconds(1), 3).taskManagers()).isEqualTo(4);
    assertThatThrownBy(() -> new Recovery.Plan(3, 2, 2, Duration.ofSeconds(1), 20, 3, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("no spare slots");
  }
}
