package dev.ipvm.job.kafka;

import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.DlqReason;
import dev.ipvm.job.event.DlqRecord;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.job.metrics.JobMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads the feedback topic back into task events (results, resolved dependents, await
 * registrations), apart from the intake: these records were written by the job itself and need
 * no authority. One that does not decode (written by another version?) goes to the DLQ, counted.
 */
public final class FeedbackDecoder extends ProcessFunction<InboundRecord, TaskEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DlqRecord> DLQ = new OutputTag<>("feedback-dlq", TypeInformation.of(DlqRecord.class));

  private final JobConfig config;
  private transient JobMetrics.Intake metrics;
  private transient DlqFit dlqFit;

  public FeedbackDecoder(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    metrics = new JobMetrics.Intake(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(InboundRecord in, Context ctx, Collector<TaskEvent> out) {
    TaskEvent e;
    try {
      e = FeedbackMessage.unwrap(in.value());
    } catch (RuntimeException bad) {
      String reason = DlqReason.MALFORMED_FEEDBACK.reason();
      metrics.rejected(reason);
      metrics.dlq.inc();
      if (dlqFit == null) {
        dlqFit = new DlqFit(config.bootstrap(), config.topics().dlq());
      }
      ctx.output(DLQ, dlqFit.fit(DlqRecord.of(in, reason, String.valueOf(bad.getMessage()))));
      return;
    }
    out.collect(e);
  }

  @Override
  public void close() throws Exception {
    if (dlqFit != null) {
      dlqFit.close();
    }
    super.close();
  }
}
