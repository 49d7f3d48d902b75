package dev.ipvm.job.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.event.Resolved;
import dev.ipvm.job.event.Result;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.job.kafka.TopicLimits;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.wasm.Limits;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.header.Header;

/**
 * One {@link TaskFunction} in Flink's keyed operator test harness, keyed by Task ID as the job
 * keys it, with signed invocations from a test user and the executor's receipts decoded.
 *
 * <p>No broker: {@link SinkGuard} asks Kafka's admin client about the receipts topic, and an
 * address without a port makes the client refuse to start at once. The guard treats that as
 * {@code ConnectionFailed}, which lets the record through (the executor's check stands), so no
 * test waits for a broker that is not there.
 */
final class TaskFunctionHarness implements AutoCloseable {
  static final String NO_BROKER = "no-broker-in-unit-tests";
  /** Processing time when the harness starts. */
  static final long START = 1_000_000L;
  static final Cid MODULE = Cid.of(Multicodec.RAW, new byte[] {0, 'a', 's', 'm'});
  static final Limits SMALL = new Limits(1_000, 1 << 20, Duration.ofMillis(1_000), 1 << 10);
  static final Limits LARGE = new Limits(1_000_000, 1 << 20, Duration.ofMillis(1_000), 1 << 10);

  final Signer executor = Signer.generate();
  final Signer user = Signer.generate();
  final JobConfig config;
  final KeyedOneInputStreamOperatorTestHarness<String, TaskEvent, OutRecord> h;
  private long iat = 1_700_000_000L;

  TaskFunctionHarness() throws Exception {
    this(b -> b);
  }

  TaskFunctionHarness(UnaryOperator<JobConfig.Builder> tune) throws Exception {
    config = tune.apply(JobConfig.builder()
        .bootstrap(NO_BROKER)
        .executorKeyPem(executor.toPem())
        .checkpointDir("unused-by-unit-tests")
        .stateBackend("hashmap")).build();
    noBrokerIsRefusedAtOnce();
    KeySelector<TaskEvent, String> byTaskId = TaskEvent::taskId;
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new TaskFunction(config), byTaskId, Types.STRING);
    h.setProcessingTime(START);
  }

  /** What every test here relies on to stay fast: without a broker, a topic check gives up at once. */
  private static void noBrokerIsRefusedAtOnce() {
    try (TopicLimits probe = new TopicLimits(NO_BROKER)) {
      long t0 = System.nanoTime();
      TopicLimits.Refusal no = probe.check("receipts", new byte[0], new byte[1], new Header[0]);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (no == null || no.reason() != TopicLimits.Reason.CONNECTION_FAILED || ms > 2_000) {
        throw new IllegalStateException("checking a topic without a broker gave " + no + " after " + ms + " ms");
      }
    }
  }

  /** {@code /wasm/run} args calling {@code f} of {@link #MODULE} with these params. */
  static Ipld.Map run(Ipld... params) {
    return new WasmRun(new WasmRun.ModuleRef.Linked(MODULE), "f", List.of(params)).toArgs();
  }

  /** A shareable invocation (empty nonce) by the user: each call is a new invocation, the same args the same task. */
  Signed<Invocation> invocation(String cmd, Ipld.Map args) {
    return invocation(cmd, args, new byte[0]);
  }

  Signed<Invocation> invocation(String cmd, Ipld.Map args, byte[] nonce) {
    String did = user.did().toString();
    return Signed.sign(user, Invocation.builder().iss(did).sub(did).cmd(cmd).args(args).nonce(nonce)
        .iat(++iat).build());
  }

  Signed<Invocation> wasm(Ipld.Map args) {
    return invocation(WasmRun.COMMAND, args);
  }

  /** What the intake makes of a verified invocation. */
  static Invoke invoke(Signed<Invocation> s, Limits limits) {
    Invocation p = s.payload();
    return new Invoke(p.taskId(), s.cid(), Command.of(p.cmd()).orElseThrow(), p.args(), limits, START, p.iss());
  }

  static Cid task(Signed<Invocation> s) {
    return s.payload().taskId();
  }

  void send(Invoke e) throws Exception {
    h.processElement(TaskEvent.of(e), 0);
  }

  void send(Result e) throws Exception {
    h.processElement(TaskEvent.of(e), 0);
  }

  void send(Awaiting e) throws Exception {
    h.processElement(TaskEvent.of(e), 0);
  }

  void send(Resolved e) throws Exception {
    h.processElement(TaskEvent.of(e), 0);
  }

  /** Moves processing time to {@code ms} after {@link #START}, firing the timers due. */
  void at(long ms) throws Exception {
    h.setProcessingTime(START + ms);
  }

  /** Everything the function sent to the transactional sink so far. */
  List<OutRecord> records() {
    return h.extractOutputValues();
  }

  List<OutRecord> records(OutRecord.Kind kind) {
    return records().stream().filter(r -> r.kind() == kind).toList();
  }

  /** The receipts so far, in order, each checked to be signed by the executor. */
  List<Signed<Receipt>> receipts() {
    return records(OutRecord.Kind.RECEIPT).stream().map(r -> {
      Signed<Receipt> s = Receipt.decode(r.value()).verify();
      if (!s.payload().iss().equals(executor.did().toString())) {
        throw new AssertionError("receipt issued by " + s.payload().iss() + ", not the executor");
      }
      if (!r.keyText().equals(s.payload().ran().toString())) {
        throw new AssertionError("receipt record keyed " + r.keyText() + " but ran " + s.payload().ran());
      }
      return s;
    }).toList();
  }

  /** The runs sent to the Wasm executor. */
  List<Invoke> dispatched() {
    return invokes(TaskFunction.DISPATCH);
  }

  /** The runs sent to the effect executor. */
  List<Invoke> effects() {
    return invokes(TaskFunction.EFFECTS);
  }

  /** What went to the feedback topic for other tasks: {@link Resolved} and forwarded {@link Awaiting}. */
  List<TaskEvent> feedback() {
    return side(TaskFunction.RESOLVED);
  }

  private List<Invoke> invokes(OutputTag<TaskEvent> tag) {
    return side(tag).stream().map(e -> {
      if (e.kind() != TaskEvent.Kind.INVOKE) {
        throw new AssertionError("not an invoke on " + tag.getId() + ": " + e);
      }
      return Invoke.decode(e.body());
    }).toList();
  }

  private List<TaskEvent> side(OutputTag<TaskEvent> tag) {
    var q = h.getSideOutput(tag);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  static Ipld meta(Signed<Receipt> r, String key) {
    return r.payload().meta().get(key);
  }

  @Override
  public void close() throws Exception {
    h.close();
  }
}
