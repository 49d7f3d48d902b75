package dev.ipvm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The job's figures summed from the TaskManagers' Prometheus pages, as {@code status} shows them. */
class JobFiguresTest {
  /** Lines as Flink's Prometheus reporter writes them, one subtask each. */
  static final String PAGE_1 = """
      # HELP flink_taskmanager_job_task_operator_ipvm_invocationsIn invocationsIn (scope: taskmanager_job_task_operator_ipvm)
      # TYPE flink_taskmanager_job_task_operator_ipvm_invocationsIn counter
      flink_taskmanager_job_task_operator_ipvm_invocationsIn{job_name="ipvm",subtask_index="0",} 30.0
      flink_taskmanager_job_task_operator_ipvm_memoHits{job_name="ipvm",subtask_index="0",} 12.0
      flink_taskmanager_job_task_operator_ipvm_errors_OutOfFuel{job_name="ipvm",subtask_index="0",} 2.0
      flink_taskmanager_job_task_operator_pendingRecords{job_name="ipvm",operator_name="Source:_invocations",} 5.0
      flink_taskmanager_Status_JVM_CPU_Load{host="127.0.0.1",} 0.25
      """;
  static final String PAGE_2 = """
      flink_taskmanager_job_task_operator_ipvm_invocationsIn{job_name="ipvm",subtask_index="1",} 10.0
      flink_taskmanager_job_task_operator_ipvm_memoHits{job_name="ipvm",subtask_index="1",} 8.0
      flink_taskmanager_job_task_operator_ipvm_errors_OutOfFuel{job_name="ipvm",subtask_index="1",} 1.0
      flink_taskmanager_job_task_operator_ipvm_rejected_InvalidSignature{job_name="ipvm",subtask_index="1",} 4.0
      flink_taskmanager_job_task_operator_ipvm_executionTimeMs{job_name="ipvm",quantile="0.5",} NaN
      """;

  @Test
  void operatorMetricsAreSummedOverSubtasksAndTaskManagers() {
    Map<String, Double> sums = new TreeMap<>();
    JobFigures.add(PAGE_1, sums);
    JobFigures.add(PAGE_2, sums);
    assertThat(sums).containsEntry("ipvm_invocationsIn", 40.0).containsEntry("ipvm_memoHits", 20.0)
        .containsEntry("ipvm_errors_OutOfFuel", 3.0).containsEntry("pendingRecords", 5.0)
        .doesNotContainKey("ipvm_executionTimeMs") // NaN quantiles of an empty histogram are left out
        .doesNotContainKeys("flink_taskmanager_Status_JVM_CPU_Load", "Status_JVM_CPU_Load");
  }

  @Test
  void theMemoHitRatioIsHitsPerInvocationAndUndefinedBeforeTheFirst() {
    JobFigures f = new JobFigures(40, 20, 0, 20, 40, Map.of(), Map.of(), 0, 2);
    assertThat(f.memoHitRatio()).isCloseTo(0.5, within(1e-9));
    assertThat(new JobFigures(0, 0, 0, 0, 0, Map.of(), Map.of(), 0, 2).memoHitRatio()).isNaN();
  }

  @Test
  void aTaskManagerThatDoesNotAnswerIsSkipped() {
    JobFigures f = JobFigures.scrape(java.util.List.of(ClusterIT.freeQuietly()));
    assertThat(f.reporting()).isZero();
    assertThat(f.invocations()).isZero();
  }
}
