package dev.ipvm.job;

import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.exec.EffectRunner;
import dev.ipvm.job.exec.ExecutorOperator;
import dev.ipvm.job.exec.WasmRunner;
import dev.ipvm.job.intake.Intake;
import dev.ipvm.job.event.DlqRecord;
import dev.ipvm.job.kafka.FeedbackDecoder;
import dev.ipvm.job.kafka.InboundDeserializer;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.kafka.Serializers;
import dev.ipvm.job.kafka.TopicSetup;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.job.task.TaskFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The dataflow (DESIGN.md section 3):
 *
 * <pre>
 * invocations ───► intake ──┐
 *   delegations,    (decode, │
 *   revocations ──►  verify) ├─► TaskFunction keyed by Task ID ─► receipts, fx invocations, published records
 *   (broadcast)              │   memo, effect journal,          │   (one EXACTLY_ONCE sink)
 * feedback ─► decode feedback┘   waiters, awaits, dependents   ├─► Wasm executor (fair queue) ───┐
 *                                                               ├─► effect executor (fair queue) ─┼─► feedback
 *                                                               └─► resolved dependents ──────────┘  (AT_LEAST_ONCE)
 * intake, decode feedback ─► error receipts (same sink) / DLQ (EXACTLY_ONCE)
 * </pre>
 *
 * Operator uids are stable: checkpoints and savepoints of one version restore into the next.
 */
public final class IpvmJob {
  public static final String NAME = "ipvm";
  /** Key groups of the keyed state; the job can be rescaled to at most this parallelism. */
  public static final int MAX_PARALLELISM = 128;

  private IpvmJob() {}

  /** How {@link #main} is used; printed for {@code --help} and after a usage mistake. */
  static final String USAGE = """
      usage: flink run ipvm-job.jar [--config FILE] [--set KEY=VALUE]... [--replication N]
        --config FILE     a properties file of job settings (keys: docs/job.md, "Configuration")
        --set KEY=VALUE   one setting, over the file's (repeatable)
        --replication N   replication factor of the topics the job creates when missing (default 1)
      executor.key and checkpoint.dir are required; missing topics are created first.""";

  /**
   * The job as a Flink application ({@code flink run}, the Kubernetes operator, Flink's REST API):
   * reads the configuration, creates missing topics, and runs the job until it is cancelled.
   */
  public static void main(String[] args) throws Exception {
    Path file = null;
    Map<String, String> settings = new LinkedHashMap<>();
    short replication = 1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(USAGE);
        return;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--config" -> file = Path.of(v);
        case "--replication" -> replication = Short.parseShort(v);
        case "--set" -> {
          int eq = v.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + v + "'\n" + USAGE);
          }
          settings.put(v.substring(0, eq).trim(), v.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    JobConfig config = JobConfig.load(file, settings);
    TopicSetup.ensure(config.bootstrap(), config.topics(), config.parallelism(), replication);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, config);
    env.execute(NAME);
  }

  /** Checkpointing, state backend and restart settings for {@code config}, to merge into the environment's. */
  public static Configuration flinkConfiguration(JobConfig config) {
    Configuration c = new Configuration();
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    c.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, config.checkpointTimeout());
    c.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, config.tolerableCheckpointFailures());
    c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, toUri(config.checkpointDir()));
    c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    c.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ZERO);
    c.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
    c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, config.stateBackend().equals("rocksdb"));
    // Records between operators are flushed after at most this long (Flink's default is 100 ms,
    // which an await pays at every hop: run, result, resolved dependent).
    c.set(ExecutionOptions.BUFFER_TIMEOUT, config.bufferTimeout());
    // Every record type has an explicit serializer (POJO records, byte[] state): no Kryo fallback.
    c.set(PipelineOptions.GENERIC_TYPES, false);
    // Records pass between chained operators without a defensive copy: every record type is
    // immutable once emitted, and no operator keeps an input to change it later.
    c.set(PipelineOptions.OBJECT_REUSE, true);
    // Fixed, so that keyed state (the memo) restores at any parallelism up to this many slots.
    c.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofMillis(200));
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(10));
    return c;
  }

  private static String toUri(String dir) {
    return dir.contains("://") ? dir : java.nio.file.Path.of(dir).toAbsolutePath().toUri().toString();
  }

  /** Adds the job's operators to {@code env}, which the caller then executes. */
  public static void build(StreamExecutionEnvironment env, JobConfig config) {
    env.configure(flinkConfiguration(config));
    env.setParallelism(config.parallelism());

    DataStream<InboundRecord> invocations = env
        .fromSource(source(config, config.topics().invocations(), true), WatermarkStrategy.noWatermarks(), "invocations")
        .uid("invocations-source");
    DataStream<InboundRecord> feedback = env
        .fromSource(source(config, config.topics().feedback(), false), WatermarkStrategy.noWatermarks(), "feedback")
        .uid("feedback-source");

    // Delegations and revocations reach every intake instance, read from the start of their
    // compacted topics by a fresh job (a restored one resumes with its broadcast state).
    BroadcastStream<InboundRecord> credentials = env
        .fromSource(authoritySource(config), WatermarkStrategy.noWatermarks(), "delegations + revocations")
        .uid("authority-source").setParallelism(1)
        .broadcast(Intake.BROADCAST_STATE.toArray(new MapStateDescriptor<?, ?>[0]));

    SingleOutputStreamOperator<TaskEvent> events = invocations
        .connect(credentials)
        .process(new Intake(config)).uid("intake").name("decode + verify");
    // Feedback was written by the job itself: decoded apart, it needs no authority.
    SingleOutputStreamOperator<TaskEvent> fed = feedback
        .process(new FeedbackDecoder(config)).uid("feedback-decode").name("decode feedback");

    SingleOutputStreamOperator<OutRecord> receipts = events.union(fed)
        .keyBy(new ByTaskId())
        .process(new TaskFunction(config)).uid("tasks").name("tasks by Task ID");

    // Executors accept every dispatched run at once into a fair queue kept in their checkpoint,
    // so barriers never wait behind long runs (ExecutorOperator). Effects have their own operator:
    // their own concurrency, time caps and retries; a slow HTTP server never holds up Wasm work,
    // nor the other way round. New uids: the queue's state is not Flink's async operator's.
    TypeInformation<TaskEvent> type = TypeInformation.of(TaskEvent.class);
    DataStream<TaskEvent> results = receipts.getSideOutput(TaskFunction.DISPATCH)
        .transform("wasm executor", type, ExecutorOperator.factory(new WasmRunner(config), config.fairness()))
        .uid("wasm-runs");
    DataStream<TaskEvent> effects = receipts.getSideOutput(TaskFunction.EFFECTS)
        .transform("effect executor", type, ExecutorOperator.factory(new EffectRunner(config), config.fairness()))
        .uid("effect-runs");

    results.union(effects, receipts.getSideOutput(TaskFunction.RESOLVED))
        .sinkTo(sink(config, new Serializers.Feedback(config.topics().feedback()), DeliveryGuarantee.AT_LEAST_ONCE, "feedback"))
        .uid("feedback-sink").name("feedback");
    receipts.union(events.getSideOutput(Intake.RECEIPTS))
        .sinkTo(sink(config, new Serializers.Out(config.topics().receipts(), config.topics().invocations()),
            DeliveryGuarantee.EXACTLY_ONCE, "receipts"))
        .uid("receipts-sink").name("receipts");
    DataStream<DlqRecord> dlq = events.getSideOutput(Intake.DLQ).union(fed.getSideOutput(FeedbackDecoder.DLQ));
    dlq.sinkTo(sink(config, new Serializers.Dlq(config.topics().dlq()), DeliveryGuarantee.EXACTLY_ONCE, "dlq"))
        .uid("dlq-sink").name("dlq");
  }

  private static KafkaSource<InboundRecord> source(JobConfig config, String topic, boolean committedOnly) {
    return KafkaSource.<InboundRecord>builder()
        .setBootstrapServers(config.bootstrap())
        .setTopics(topic)
        .setGroupId(config.groupId())
        // A fresh job starts where the group left off (or at the beginning); a restored one at its checkpoint.
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new InboundDeserializer())
        .setProperty("isolation.level", committedOnly ? "read_committed" : "read_uncommitted")
        .setProperty("fetch.max.wait.ms", "5")
        .setProperty("partition.discovery.interval.ms", "10000")
        .setProperty("client.id.prefix", config.groupId() + "-" + topic)
        .build();
  }

  private static KafkaSource<InboundRecord> authoritySource(JobConfig config) {
    return KafkaSource.<InboundRecord>builder()
        .setBootstrapServers(config.bootstrap())
        .setTopics(config.topics().delegations(), config.topics().revocations())
        .setGroupId(config.groupId())
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new InboundDeserializer())
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "10000")
        .setProperty("client.id.prefix", config.groupId() + "-authority")
        .build();
  }

  private static <T> KafkaSink<T> sink(JobConfig config, KafkaRecordSerializationSchema<T> serializer,
      DeliveryGuarantee guarantee, String name) {
    var b = KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrap())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(guarantee)
        .setProperty("linger.ms", "0")
        .setProperty("max.request.size", Integer.toString(16 << 20));
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      // Nothing a transaction holds is visible before its checkpoint commits it, and the sink
      // flushes before that: waiting to fill batches costs no latency and the broker fewer requests.
      b.setProperty("linger.ms", "20").setProperty("batch.size", Integer.toString(256 << 10));
      b.setTransactionalIdPrefix(config.groupId() + "-" + name)
          .setTransactionNamingStrategy(TransactionNamingStrategy.INCREMENTING)
          .setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
    }
    return b.build();
  }

  /** The key of every task event: its Task ID. */
  static final class ByTaskId implements KeySelector<TaskEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TaskEvent e) {
      return e.taskId();
    }
  }
}
