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
  private transient DlqFit dlq;

  public FeedbackDecoder(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    dlq = new DlqFit(config.bootstrap(), config.topics().dlq(), new JobMetrics.Intake(getRuntimeContext().getMetricGroup()));
  }

  @Override
  public void processElement(InboundRecord in, Context ctx, Collector<TaskEvent> out) {
    TaskEvent e;
    try {
      e = FeedbackMessage.unwrap(in.value());
    } catch (RuntimeException bad) {
      ctx.output(DLQ, dlq.record(in, DlqReason.MALFORMED_FEEDBACK.reason(), bad.getMessage()));
      return;
    }
    out.collect(e);
  }

  @Override
  public void close() throws Exception {
    if (dlq != null) {
      dlq.close();
    }
    super.close();
  }
}
