package dev.ipvm.bench.state;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.task.MemoEntry;
import dev.ipvm.job.task.TaskState;
import dev.ipvm.wasm.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.InflightDataRescalingDescriptor;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes a savepoint of the job's {@code tasks} operator holding memo entries: the given ones
 * (Task ID → entry, for invocations the benchmark then sends) and {@code filler} more under Task
 * IDs no invocation has, each an {@code ok} result of about the size an {@code add} leaves. The
 * state is declared by {@link TaskState#memoDescriptor}, the job's own descriptor, so the job
 * restores it as if it had written it; the savepoint has no other operator's state (sources start
 * from their committed offsets).
 */
public final class MemoSavepoint {
  /** The uid of the job's keyed task function (IpvmJob). */
  public static final String TASKS_UID = "tasks";
  /** The job's max parallelism: Flink's default for parallelism up to 128, which the job keeps. */
  public static final int MAX_PARALLELISM = 128;

  private static final TypeInformation<Tuple2<String, byte[]>> ENTRY =
      Types.TUPLE(Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private MemoSavepoint() {}

  /** An {@code ok} memo entry for {@code taskId}, first answered by receipt {@code receipt}. */
  public static byte[] entry(Cid taskId, Ipld value, Cid receipt) {
    return new MemoEntry(Result.ok(taskId, value, 4, Limits.DEFAULT, 10, null), receipt).encode();
  }

  /**
   * Writes the savepoint to {@code dir} (a new folder) with {@code parallelism} writers, RocksDB
   * as the job's state backend.
   *
   * @param memoTtl the job's {@code memo.ttl}: the state's TTL setting must match the job's
   */
  public static void write(String dir, Map<Cid, byte[]> entries, long filler, Duration memoTtl, int parallelism)
      throws Exception {
    Configuration conf = new Configuration();
    // The writer's snapshots travel between its operators as generic (Kryo) records. Kryo would
    // instantiate Flink's package-private "no rescaling" descriptor in them through reflectasm,
    // whose generated class may not touch it (IllegalAccessError): it has one instance anyway.
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, List.of(InflightDataRescalingDescriptor.class.getName()
        + "$NoRescalingDescriptor: {type: kryo, kryo-type: registered, class: " + NoRescale.class.getName() + "}"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    // STREAMING: in BATCH mode (2.2.0's writer on 2.2.1) a writer subtask fed more than a few
    // thousand sorted entries blocked for good on its hand-over queue, its task thread gone
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    // The writer's snapshots travel between its operators as generic (Kryo) records. Kryo would
    // instantiate Flink's package-private "no rescaling" descriptor in them through reflectasm,
    // whose generated class may not touch it (IllegalAccessError): it has one instance anyway.
    List<Tuple2<String, byte[]>> given = new ArrayList<>();
    entries.forEach((task, bytes) -> given.add(Tuple2.of(task.toString(), bytes)));
    DataStream<Tuple2<String, byte[]>> all = env.fromSequence(0, Math.max(0, filler - 1))
        .filter(i -> i < filler)
        .map(MemoSavepoint::filler).returns(ENTRY);
    if (!given.isEmpty()) {
      all = all.union(env.fromData(given, ENTRY));
    }
    StateBootstrapTransformation<Tuple2<String, byte[]>> memo = OperatorTransformation.bootstrapWith(all)
        .keyBy(e -> e.f0, Types.STRING)
        .transform(new Writer(memoTtl));
    SavepointWriter.newSavepoint(env, new EmbeddedRocksDBStateBackend(true), MAX_PARALLELISM)
        .withOperator(OperatorIdentifier.forUid(TASKS_UID), memo)
        .write(dir);
    env.execute("memo savepoint (" + entries.size() + " + " + filler + " entries)");
  }

  /** Filler entry {@code i}: a Task ID that no invocation has (a CID of other bytes). */
  static Tuple2<String, byte[]> filler(long i) {
    Cid task = Cid.of(Multicodec.DAG_CBOR, ("filler " + i).getBytes(StandardCharsets.UTF_8));
    Cid receipt = Cid.of(Multicodec.DAG_CBOR, ("receipt " + i).getBytes(StandardCharsets.UTF_8));
    return Tuple2.of(task.toString(), entry(task, Ipld.integer(i), receipt));
  }

  /** Kryo's serializer for {@link InflightDataRescalingDescriptor#NO_RESCALE}: nothing to write. */
  public static final class NoRescale extends Serializer<InflightDataRescalingDescriptor> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Kryo kryo, Output output, InflightDataRescalingDescriptor object) {}

    @Override
    public InflightDataRescalingDescriptor read(Kryo kryo, Input input, Class<? extends InflightDataRescalingDescriptor> type) {
      return InflightDataRescalingDescriptor.NO_RESCALE;
    }
  }

  private static final class Writer extends KeyedStateBootstrapFunction<String, Tuple2<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final Duration memoTtl;
    private transient ValueState<byte[]> memo;

    Writer(Duration memoTtl) {
      this.memoTtl = memoTtl;
    }

    @Override
    public void open(OpenContext ctx) {
      memo = getRuntimeContext().getState(TaskState.memoDescriptor(memoTtl));
    }

    @Override
    public void processElement(Tuple2<String, byte[]> e, Context ctx) throws Exception {
      memo.update(e.f1);
    }
  }
}
