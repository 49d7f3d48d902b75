package dev.ipvm.job.exec;

import dev.ipvm.effects.EffectError;
import dev.ipvm.job.event.JobError;
import dev.ipvm.effects.DestinationPolicy;
import dev.ipvm.effects.HttpEffect;
import dev.ipvm.job.config.EffectSettings;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.metrics.JobMetrics;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import dev.ipvm.task.KafkaPublish;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs dispatched effects, apart from Wasm: its own pool ({@code effects.concurrency}), time caps
 * and retry policy. HTTP effects carry the Task ID as their {@code Idempotency-Key}: after a
 * failure the job may send one again (in-flight requests are re-issued on recovery), and the
 * key lets the server apply it once. A {@code /kafka/publish} is only checked here (allowed
 * topic, topic exists, size); its task writes the record with its receipt, in one transaction.
 */
public final class EffectRunner implements Runner {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EffectRunner.class);

  private final JobConfig config;
  private transient HttpEffect http;
  private transient PublishCheck publish;
  private transient ExecutorService pool;
  private transient JobMetrics.Effects metrics;

  public EffectRunner(JobConfig config) {
    this.config = config;
  }

  @Override
  public boolean cpuBound() {
    return false;
  }

  @Override
  public int slots() {
    return config.effects().concurrency();
  }

  @Override
  public long longestRunMillis(Invoke inv) {
    return config.effects().httpWorstCase().toMillis();
  }

  @Override
  public void open(MetricGroup group) {
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
    metrics = new JobMetrics.Effects(group);
  }

  @Override
  public CompletableFuture<Result> run(Invoke inv) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      Outcome o;
      try {
        o = effect(inv);
      } catch (IllegalArgumentException e) { // the intake checked the args; resolved awaits are checked here
        o = EffectError.INVALID_ARGS.outcome(e.getMessage());
      } catch (RuntimeException | Error e) {
        LOG.error("effect {} failed", inv.taskId(), e);
        o = JobError.EXECUTOR_ERROR.outcome("the executor failed: " + e);
      }
      // Interrupted: the operator is closing. Not the effect's outcome, so not journaled: the
      // run stays in the checkpoint and is issued again after recovery.
      if (EffectError.INTERRUPTED.is(o)) {
        return null;
      }
      return Result.effect(inv.taskId(), o, inv.limits(), (System.nanoTime() - start) / 1000);
    }, pool);
  }

  private Outcome effect(Invoke inv) {
    switch (inv.cmd()) {
      case KAFKA_PUBLISH -> {
        Outcome o = publish.check(KafkaPublish.fromArgs(inv.args()), inv.taskId());
        (EffectError.DESTINATION_DENIED.is(o) ? metrics.denied : metrics.published).inc();
        return o;
      }
      case HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE -> {
        HttpEffect.Result r = http.run(HttpRequest.fromArgs(inv.cmd(), inv.args()), inv.taskId().toString());
        metrics.httpAttempts.inc(r.attempts());
        if (EffectError.DESTINATION_DENIED.is(r.outcome())) {
          metrics.denied.inc();
        }
        return r.outcome();
      }
      default -> throw new IllegalArgumentException(inv.cmd().path() + " is not an effect");
    }
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
