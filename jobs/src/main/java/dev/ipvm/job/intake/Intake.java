package dev.ipvm.job.intake;

import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagcbor.DagCborException;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.DlqReason;
import dev.ipvm.job.event.DlqRecord;
import dev.ipvm.job.kafka.DlqFit;
import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.job.event.OutRecord;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.receipt.ReceiptIssuer;
import dev.ipvm.job.event.Awaiting;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.JobError;
import dev.ipvm.job.event.TaskEvent;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import dev.ipvm.ucan.authority.Failure;
import dev.ipvm.wasm.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decode and verify invocations: every invocation record ends here as a task event, an error receipt (when it is
 * an envelope, so its invocation CID is known) or a DLQ record (when it is not even that).
 * Nothing thrown by input escapes: bad input never restarts the job. Its only state is what the
 * broadcast side brings, the delegations and revocations read from their topics
 * ({@link Credentials}).
 */
public final class Intake extends BroadcastProcessFunction<InboundRecord, InboundRecord, TaskEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<OutRecord> RECEIPTS = new OutputTag<>("error-receipts", TypeInformation.of(OutRecord.class));
  public static final OutputTag<DlqRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(DlqRecord.class));

  private final JobConfig config;
  private transient ReceiptIssuer issuer;
  private transient JobMetrics.Intake metrics;
  private transient DlqFit dlq;
  private transient Authority authority;
  private transient Credentials credentials;

  /** The broadcast state this function reads and writes; the job broadcasts the authority topics with it. */
  public static final List<MapStateDescriptor<?, ?>> BROADCAST_STATE =
      List.of(Credentials.DELEGATIONS, Credentials.REVOKED);

  public Intake(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    issuer = new ReceiptIssuer(config.executorKeyPem());
    metrics = new JobMetrics.Intake(getRuntimeContext().getMetricGroup());
    dlq = new DlqFit(config.bootstrap(), config.topics().dlq(), metrics);
  }

  @Override
  public void processElement(InboundRecord in, ReadOnlyContext ctx, Collector<TaskEvent> out) throws Exception {
    var delegations = ctx.getBroadcastState(Credentials.DELEGATIONS);
    var revoked = ctx.getBroadcastState(Credentials.REVOKED);
    Decision d = decide(in, System.currentTimeMillis(), cid -> credentials().find(delegations, cid), cid -> {
      try {
        return revoked.contains(cid.toString());
      } catch (Exception e) {
        throw new IllegalStateException("broadcast state unreadable", e);
      }
    });
    if (d.events != null) {
      d.events.forEach(out::collect);
    } else if (d.receipt != null) {
      metrics.rejected(d.receipt.error());
      ctx.output(RECEIPTS, d.receipt);
    } else {
      ctx.output(DLQ, dlq.record(in, d.dlqReason, d.dlqMessage));
    }
  }

  /** A record from the delegations or revocations topic: every instance takes it into its state. */
  @Override
  public void processBroadcastElement(InboundRecord in, Context ctx, Collector<TaskEvent> out) throws Exception {
    Credentials.Refusal no;
    if (in.topic().equals(config.topics().delegations())) {
      no = credentials().delegation(in, ctx.getBroadcastState(Credentials.DELEGATIONS));
      if (no == null) {
        metrics.delegations.inc();
      }
    } else {
      no = credentials().revocation(in, ctx.getBroadcastState(Credentials.DELEGATIONS),
          ctx.getBroadcastState(Credentials.REVOKED));
      if (no == null) {
        metrics.revocations.inc();
      }
    }
    // every instance sees the record; one writes the DLQ record, so it is written once
    if (no != null && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
      ctx.output(DLQ, dlq.record(in, no.reason().reason(), no.message()));
    }
  }

  private Credentials credentials() {
    if (credentials == null) {
      credentials = new Credentials(config.authority().maxDelegations());
    }
    return credentials;
  }

  private Authority authority() {
    if (authority == null) { // built on first use: most records are decided before it is needed
      authority = new Authority(new ReceiptIssuer(config.executorKeyPem()).did(), config.authority());
    }
    return authority;
  }

  @Override
  public void close() throws Exception {
    if (dlq != null) {
      dlq.close();
    }
    super.close();
  }

  /**
   * What becomes of one invocation record: task events (the invocation, and one registration
   * with each task it awaits), an error receipt, or a DLQ record. Exactly one is set.
   */
  record Decision(List<TaskEvent> events, OutRecord receipt, String dlqReason, String dlqMessage) {}

  Decision decide(InboundRecord in, long nowMillis, Function<Cid, Optional<Signed<Delegation>>> known,
      Predicate<Cid> revoked) {
    if (in.value().length > config.maxInvocationBytes()) {
      return dlq(DlqReason.TOO_LARGE, "the record has " + in.value().length + " bytes; max.invocation.bytes is "
          + config.maxInvocationBytes());
    }
    byte[] bytes = in.value();
    if (in.contentType().startsWith(Headers.DAG_JSON)) {
      try {
        bytes = DagCbor.encode(DagJson.decode(bytes));
      } catch (RuntimeException e) {
        return dlq(DlqReason.MALFORMED_DAG_JSON, e.getMessage());
      }
    } else if (!in.contentType().isEmpty() && !in.contentType().startsWith(Headers.DAG_CBOR)) {
      return dlq(DlqReason.UNSUPPORTED_CONTENT_TYPE, "content-type '" + in.contentType() + "' is neither "
          + Headers.DAG_CBOR + " nor " + Headers.DAG_JSON);
    }
    Envelope envelope;
    try {
      envelope = Envelope.decode(bytes);
    } catch (DagCborException e) {
      return dlq(DlqReason.INVALID_DAG_CBOR, e.rule() + " at byte " + e.offset() + ": " + e.getMessage());
    } catch (UcanException e) {
      return dlq(e.reason().errorName(), e.getMessage());
    } catch (RuntimeException e) {
      return dlq(DlqReason.MALFORMED_ENVELOPE, String.valueOf(e.getMessage()));
    }
    // From here the record is an envelope: its CID names it, so a receipt can answer it.
    Cid ran = envelope.cid();
    if (!Invocation.TAGS.contains(envelope.tag())) {
      return reject(ran, null, JobError.UNKNOWN_TYPE.errorName(), "envelope tag '" + envelope.tag() + "' is not an invocation "
          + Invocation.TAGS);
    }
    Invocation inv;
    try {
      inv = Invocation.fromIpld(envelope.payload());
    } catch (UcanException e) {
      return reject(ran, null, e.reason().errorName(), e.getMessage());
    }
    Cid taskId = inv.taskId();
    // signature, audience, time bounds, proof chain, revocations, served subject: all or nothing
    Authority.Refusal no = authority().check(new Signed<>(envelope, inv), in.proofs(), nowMillis / 1000, known,
        revoked);
    if (no != null) {
      return reject(ran, no.name().equals(Failure.INVALID_SIGNATURE.errorName()) ? null : taskId, no.name(), no.message());
    }
    if (deeperThan(inv.args(), config.maxArgsDepth())) {
      return reject(ran, taskId, JobError.ARGS_TOO_DEEP.errorName(), "the args nest lists and maps more than " + config.maxArgsDepth()
          + " deep (max.args.depth)");
    }
    Optional<Command> cmd = Command.of(inv.cmd());
    if (cmd.isEmpty()) {
      return reject(ran, taskId, JobError.UNKNOWN_COMMAND.errorName(), "command '" + inv.cmd() + "' is not supported (supported: "
          + String.join(", ", Command.paths()) + ")");
    }
    Set<Cid> awaited = Await.awaited(inv.args());
    Limits limits;
    try {
      if (awaited.isEmpty()) {
        cmd.get().check(inv.args()); // with awaits, the args are checked once they are resolved
      }
      limits = limits(WasmRun.RequestedLimits.fromMeta(inv.meta()));
    } catch (IllegalArgumentException e) {
      return reject(ran, taskId, JobError.INVALID_ARGS.errorName(), e.getMessage());
    }
    List<TaskEvent> events = new ArrayList<>();
    events.add(TaskEvent.of(new Invoke(taskId, ran, cmd.get(), inv.args(), limits, nowMillis, inv.iss().toString())));
    for (Cid task : awaited) {
      events.add(TaskEvent.of(new Awaiting(task, taskId)));
    }
    return new Decision(events, null, null, null);
  }

  /** Whether lists and maps nest in {@code v} more than {@code limit} deep ({@code v} itself is depth 1). */
  static boolean deeperThan(Ipld v, int limit) {
    if (!(v instanceof Ipld.List) && !(v instanceof Ipld.Map)) {
      return false;
    }
    if (limit < 1) {
      return true;
    }
    if (v instanceof Ipld.List l) {
      for (Ipld child : l.items()) {
        if (deeperThan(child, limit - 1)) {
          return true;
        }
      }
      return false;
    }
    Ipld.Map m = (Ipld.Map) v;
    for (int i = 0; i < m.size(); i++) {
      if (deeperThan(m.value(i), limit - 1)) {
        return true;
      }
    }
    return false;
  }

  /** What a task asked for, defaults where it asked nothing, each capped by the maxima. */
  Limits limits(WasmRun.RequestedLimits asked) {
    Limits d = config.defaults();
    Limits max = config.maxima();
    return new Limits(
        Math.min(asked.fuel() != null ? Math.max(1, asked.fuel()) : d.fuel(), max.fuel()),
        Math.min(asked.memory() != null ? asked.memory() : d.memoryBytes(), max.memoryBytes()),
        Duration.ofMillis(Math.min(asked.timeMillis() != null ? Math.max(1, asked.timeMillis()) : d.time().toMillis(),
            max.time().toMillis())),
        Math.min(d.outputBytes(), max.outputBytes()));
  }

  private Decision reject(Cid ran, Cid taskId, String name, String message) {
    OutRecord r = issuer.issue(ran, taskId, Outcome.Error.of(name, message), Ipld.Map.EMPTY);
    return new Decision(null, r, null, null);
  }

  private static Decision dlq(DlqReason reason, String message) {
    return dlq(reason.reason(), message);
  }

  /** A DLQ decision for a reason of the envelope decoder's ({@link UcanException.Reason}). */
  private static Decision dlq(String reason, String message) {
    return new Decision(null, null, reason, message == null ? "" : message);
  }
}
