package dev.ipvm.job.exec;

import dev.ipvm.effects.DestinationPolicy;
import dev.ipvm.effects.HttpEffect;
import dev.ipvm.job.EffectSettings;
import dev.ipvm.job.JobConfig;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.task.Invoke;
import dev.ipvm.job.task.Result;
import dev.ipvm.job.task.TaskEvent;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import dev.ipvm.task.KafkaPublish;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Runs dispatched effects, apart from Wasm: its own pool ({@code effects.concurrency}), time caps
 * and retry policy. HTTP effects carry the Task ID as their {@code Idempotency-Key}: after a
 * failure the job may send one again (in-flight requests are re-issued on recovery), and the
 * key lets the server apply it once. A {@code /kafka/publish} is only checked here (allowed
 * topic, topic exists, size); its task writes the record with its receipt, in one transaction.
 */
public final class EffectExecutor extends RichAsyncFunction<TaskEvent, TaskEvent> {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EffectExecutor.class);

  private final JobConfig config;
  private transient HttpEffect http;
  private transient PublishCheck publish;
  private transient ExecutorService pool;
  private transient JobMetrics.Effects metrics;

  public EffectExecutor(JobConfig config) {
    this.config = config;
  }

  /** How long Flink lets one effect run before {@link #timeout} answers it. */
  public static long requestTimeoutMillis(JobConfig config) {
    return config.effects().httpWorstCase().toMillis() + 30_000;
  }

  @Override
  public void open(OpenContext ctx) {
    EffectSettings e = config.effects();
    http = new HttpEffect(new HttpEffect.Settings(e.httpConnectTimeout(), e.httpTimeout(), e.httpMaxResponseBytes(),
        e.httpMaxRedirects(), e.httpRetries(), e.httpRetryBackoff(), EffectSettings.MAX_BACKOFF,
        DestinationPolicy.parse(e.httpAllow(), e.httpAllowPrivate())));
    publish = new PublishCheck(config.bootstrap(), e.kafkaAllow(), config.topics());
    pool = Executors.newFixedThreadPool(e.concurrency(), r -> {
      Thread t = new Thread(r, "ipvm-effect");
      t.setDaemon(true);
      return t;
    });
    metrics = new JobMetrics.Effects(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void asyncInvoke(TaskEvent event, ResultFuture<TaskEvent> future) {
    Invoke inv = Invoke.decode(event.body());
    CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      Outcome o;
      try {
        o = run(inv);
      } catch (IllegalArgumentException e) { // the intake checked the args; resolved awaits are checked here
        o = Outcome.Error.of("InvalidArgs", e.getMessage());
      } catch (RuntimeException | Error e) {
        LOG.error("effect {} failed", inv.taskId(), e);
        o = Outcome.Error.of("ExecutorError", "the executor failed: " + e);
      }
      return new Result(inv.taskId(), o, 0, inv.limits(), false, false, (System.nanoTime() - start) / 1000);
    }, pool).thenAccept(r -> {
      // Interrupted: the operator is closing. Not the effect's outcome, so not journaled: the
      // request stays in flight in the checkpoint and is issued again after recovery.
      if (!(r.out() instanceof Outcome.Error e && e.name().equals("Interrupted"))) {
        future.complete(List.of(TaskEvent.of(r)));
      }
    });
  }

  private Outcome run(Invoke inv) {
    switch (inv.cmd()) {
      case KAFKA_PUBLISH -> {
        Outcome o = publish.check(KafkaPublish.fromArgs(inv.args()));
        (o instanceof Outcome.Error e && e.name().equals("DestinationDenied") ? metrics.denied : metrics.published).inc();
        return o;
      }
      case HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE -> {
        HttpEffect.Result r = http.run(HttpRequest.fromArgs(inv.cmd(), inv.args()), inv.taskId().toString());
        metrics.httpAttempts.inc(r.attempts());
        if (r.outcome() instanceof Outcome.Error e && e.name().equals("DestinationDenied")) {
          metrics.denied.inc();
        }
        return r.outcome();
      }
      default -> throw new IllegalArgumentException(inv.cmd().path() + " is not an effect");
    }
  }

  @Override
  public void timeout(TaskEvent event, ResultFuture<TaskEvent> future) {
    Invoke inv = Invoke.decode(event.body());
    future.complete(List.of(TaskEvent.of(new Result(inv.taskId(), Outcome.Error.of("Timeout", "the effect did not "
        + "finish within " + requestTimeoutMillis(config) + " ms"), 0, inv.limits(), false, false, 0))));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (http != null) {
      http.close();
    }
    if (publish != null) {
      publish.close();
    }
  }
}
