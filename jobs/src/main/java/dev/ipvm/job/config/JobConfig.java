package dev.ipvm.job.config;

import dev.ipvm.topic.Topics;
import dev.ipvm.wasm.Limits;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Everything the job needs to run, in one typed object with documented defaults. Read from a
 * properties file and {@code key=value} overrides ({@link #fromProperties}); {@link JobOptions}
 * documents every key (shown by {@code ipvm dev --help-config}).
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics the topic names
 * @param groupId consumer group of the job's sources (offsets live in checkpoints; the group is
 *     only for monitoring)
 * @param executorKeyPem the executor's Ed25519 key (PKCS#8 PEM): it signs every receipt
 * @param parallelism operator parallelism
 * @param checkpointInterval how often state is checkpointed; receipts become visible to
 *     read_committed consumers when a checkpoint completes, so this bounds receipt latency
 * @param checkpointTimeout how long a checkpoint may take before it counts as failed
 * @param tolerableCheckpointFailures failed checkpoints in a row the job rides out before it restarts
 * @param checkpointDir where checkpoints go (a path or URI); retained on cancellation
 * @param stateBackend {@code rocksdb} or {@code hashmap}
 * @param memoTtl how long a memoized result is kept after it was written; zero keeps it forever
 * @param moduleWait how long a task waits for its module to appear on the blocks topic
 * @param awaitTimeout how long a task that awaits others waits for their results
 * @param bufferTimeout how long records may wait in Flink's network buffers between operators
 * @param execConcurrency Wasm runs in flight per parallel executor instance
 * @param inlineFuel most fuel a pure task may use when it runs in its task function (0: never)
 * @param defaults limits for a task that asks for none
 * @param maxima caps on what a task may ask for
 * @param transactionTimeout Kafka transaction timeout of the exactly-once sinks; must stay under
 *     the broker's {@code transaction.max.timeout.ms} (15 min by default)
 * @param maxInvocationBytes larger invocation records are refused (DLQ)
 * @param maxArgsDepth invocations whose args nest deeper are refused ({@code ArgsTooDeep})
 * @param maxInputBytes largest raw block or UnixFS file an input link may stand for (inputs by CID)
 * @param blocksDir local folder for blocks read from the blocks topic, per TaskManager
 * @param effects the effect stream: concurrency, caps, retries, allowlists
 * @param fairness how executors share their slots and queues among tenants
 * @param authority whom the executor serves, and how much proof it reads
 */
public record JobConfig(
    String bootstrap,
    Topics topics,
    String groupId,
    String executorKeyPem,
    int parallelism,
    Duration checkpointInterval,
    Duration checkpointTimeout,
    int tolerableCheckpointFailures,
    String checkpointDir,
    String stateBackend,
    Duration memoTtl,
    Duration moduleWait,
    Duration awaitTimeout,
    Duration bufferTimeout,
    int execConcurrency,
    long inlineFuel,
    Limits defaults,
    Limits maxima,
    Duration transactionTimeout,
    int maxInvocationBytes,
    int maxArgsDepth,
    int maxInputBytes,
    String blocksDir,
    EffectSettings effects,
    Fairness fairness,
    AuthoritySettings authority) implements Serializable {

  public JobConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(executorKeyPem, "executorKeyPem");
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    if (parallelism < 1 || execConcurrency < 1) {
      throw new IllegalArgumentException("parallelism and exec.concurrency must be at least 1");
    }
    if (!stateBackend.equals("rocksdb") && !stateBackend.equals("hashmap")) {
      throw new IllegalArgumentException("state.backend must be rocksdb or hashmap, got '" + stateBackend + "'");
    }
    // The transaction of a checkpoint stays open until a checkpoint completes: through every
    // failed attempt the job rides out. If Kafka aborted it first, the commit would fail and the
    // job restart, losing nothing but repeating work; so the relation is checked here.
    Duration longestOpen = checkpointInterval.plus(checkpointTimeout.multipliedBy(tolerableCheckpointFailures + 1L));
    if (tolerableCheckpointFailures < 0 || longestOpen.compareTo(transactionTimeout) >= 0) {
      throw new IllegalArgumentException("checkpoint.interval + (checkpoint.tolerable.failures + 1) x "
          + "checkpoint.timeout = " + longestOpen.toMillis() + " ms must stay under transaction.timeout ("
          + transactionTimeout.toMillis() + " ms): a receipts transaction would be aborted before its checkpoint");
    }
    Objects.requireNonNull(authority, "authority");
    if (inlineFuel < 0) {
      throw new IllegalArgumentException("exec.inline.fuel must not be negative, got " + inlineFuel);
    }
    if (maxArgsDepth < 1) {
      throw new IllegalArgumentException("max.args.depth must be at least 1, got " + maxArgsDepth);
    }
    if (maxInputBytes < 0) {
      throw new IllegalArgumentException("input.max.bytes must not be negative, got " + maxInputBytes);
    }
    if (transactionTimeout.compareTo(Duration.ofMinutes(15)) >= 0) {
      throw new IllegalArgumentException("transaction.timeout must be under 15 min (the broker's default "
          + "transaction.max.timeout.ms), got " + transactionTimeout);
    }
  }

  /** The same configuration at another parallelism (a rescale, restoring from a checkpoint or savepoint). */
  public JobConfig withParallelism(int p) {
    return new JobConfig(bootstrap, topics, groupId, executorKeyPem, p, checkpointInterval, checkpointTimeout,
        tolerableCheckpointFailures, checkpointDir, stateBackend,
        memoTtl, moduleWait, awaitTimeout, bufferTimeout, execConcurrency, inlineFuel, defaults, maxima, transactionTimeout, maxInvocationBytes, maxArgsDepth, maxInputBytes, blocksDir,
        effects, fairness, authority);
  }

  /** Reads a properties file (keys as in {@link JobOptions}) and then applies {@code overrides}. */
  public static JobConfig load(Path file, Map<String, String> overrides) throws IOException {
    Properties p = new Properties();
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    p.putAll(overrides);
    return fromProperties(p);
  }

  /** Builds the configuration from properties; unknown keys and bad values fail with their name. */
  public static JobConfig fromProperties(Properties p) throws IOException {
    Set<String> known = JobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());
    Map<String, String> values = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "' (see ipvm dev --help-config)");
      }
      values.put(k, p.getProperty(k).trim());
    }
    Configuration c = Configuration.fromMap(values);
    String keyFile = c.getOptional(JobOptions.EXECUTOR_KEY).orElse("");
    if (keyFile.isEmpty()) {
      throw new IllegalArgumentException("executor.key is required: a PKCS#8 PEM file (ipvm key new > executor.pem)");
    }
    if (c.getOptional(JobOptions.CHECKPOINT_DIR).orElse("").isEmpty()) {
      throw new IllegalArgumentException("checkpoint.dir is required");
    }
    return new Builder(c).executorKeyPem(Files.readString(Path.of(keyFile))).build();
  }

  /** A builder seeded with every default of {@link JobOptions}; for tests and embedding. */
  public static Builder builder() {
    return new Builder(new Configuration());
  }

  /** Changes one field at a time over the defaults. */
  public static final class Builder {
    private String bootstrap;
    private Topics topics;
    private String groupId;
    private String executorKeyPem = "";
    private int parallelism;
    private Duration checkpointInterval;
    private Duration checkpointTimeout;
    private int tolerableCheckpointFailures;
    private String checkpointDir;
    private String stateBackend;
    private Duration memoTtl;
    private Duration moduleWait;
    private Duration awaitTimeout;
    private Duration bufferTimeout;
    private int execConcurrency;
    private long inlineFuel;
    private Limits defaults;
    private Limits maxima;
    private Duration transactionTimeout;
    private int maxInvocationBytes;
    private int maxArgsDepth;
    private int maxInputBytes;
    private String blocksDir;
    private EffectSettings effects;
    private Fairness fairness;
    private AuthoritySettings authority;

    private Builder(Configuration c) {
      bootstrap = get(c, JobOptions.BOOTSTRAP);
      topics = Topics.DEFAULT.prefixed(c.getOptional(JobOptions.TOPICS_PREFIX).orElse(""));
      groupId = get(c, JobOptions.GROUP_ID);
      parallelism = get(c, JobOptions.PARALLELISM);
      checkpointInterval = get(c, JobOptions.CHECKPOINT_INTERVAL);
      checkpointTimeout = get(c, JobOptions.CHECKPOINT_TIMEOUT);
      tolerableCheckpointFailures = get(c, JobOptions.CHECKPOINT_TOLERABLE_FAILURES);
      checkpointDir = c.getOptional(JobOptions.CHECKPOINT_DIR).orElse("");
      stateBackend = get(c, JobOptions.STATE_BACKEND);
      memoTtl = get(c, JobOptions.MEMO_TTL);
      moduleWait = get(c, JobOptions.MODULE_WAIT);
      awaitTimeout = get(c, JobOptions.AWAIT_TIMEOUT);
      bufferTimeout = get(c, JobOptions.BUFFER_TIMEOUT);
      execConcurrency = get(c, JobOptions.EXEC_CONCURRENCY);
      inlineFuel = get(c, JobOptions.EXEC_INLINE_FUEL);
      // times in whole milliseconds, as the feedback records carry them
      defaults = new Limits(get(c, JobOptions.LIMITS_FUEL), get(c, JobOptions.LIMITS_MEMORY),
          Duration.ofMillis(get(c, JobOptions.LIMITS_TIME).toMillis()), get(c, JobOptions.LIMITS_OUTPUT));
      maxima = new Limits(get(c, JobOptions.MAXIMA_FUEL), get(c, JobOptions.MAXIMA_MEMORY),
          Duration.ofMillis(get(c, JobOptions.MAXIMA_TIME).toMillis()), get(c, JobOptions.MAXIMA_OUTPUT));
      transactionTimeout = get(c, JobOptions.TRANSACTION_TIMEOUT);
      maxInvocationBytes = get(c, JobOptions.MAX_INVOCATION_BYTES);
      maxArgsDepth = get(c, JobOptions.MAX_ARGS_DEPTH);
      maxInputBytes = get(c, JobOptions.INPUT_MAX_BYTES);
      blocksDir = c.getOptional(JobOptions.BLOCKS_DIR).orElse("");
      effects = new EffectSettings(get(c, JobOptions.EFFECTS_CONCURRENCY), get(c, JobOptions.EFFECTS_JOURNAL_TTL),
          c.getOptional(JobOptions.EFFECTS_HTTP_ALLOW).orElse(""), get(c, JobOptions.EFFECTS_HTTP_ALLOW_PRIVATE),
          get(c, JobOptions.EFFECTS_HTTP_TIMEOUT), get(c, JobOptions.EFFECTS_HTTP_CONNECT_TIMEOUT),
          get(c, JobOptions.EFFECTS_HTTP_MAX_RESPONSE), get(c, JobOptions.EFFECTS_HTTP_MAX_REDIRECTS),
          get(c, JobOptions.EFFECTS_HTTP_RETRIES), get(c, JobOptions.EFFECTS_HTTP_RETRY_BACKOFF),
          c.getOptional(JobOptions.EFFECTS_KAFKA_ALLOW).orElse(""));
      fairness = new Fairness(get(c, JobOptions.EXEC_TENANT_SHARE), get(c, JobOptions.EXEC_TENANT_QUEUE),
          get(c, JobOptions.EXEC_QUEUE_BYTES));
      authority = new AuthoritySettings(get(c, JobOptions.AUTHORITY_SUBJECTS), get(c, JobOptions.AUTHORITY_MAX_PROOFS),
          get(c, JobOptions.AUTHORITY_MAX_PROOF_BYTES), get(c, JobOptions.AUTHORITY_CLOCK_SKEW),
          get(c, JobOptions.AUTHORITY_DELEGATIONS_MAX));
    }

    public Builder bootstrap(String v) { bootstrap = v; return this; }
    public Builder topics(Topics v) { topics = v; return this; }
    public Builder groupId(String v) { groupId = v; return this; }
    public Builder executorKeyPem(String v) { executorKeyPem = v; return this; }
    public Builder parallelism(int v) { parallelism = v; return this; }
    public Builder checkpointInterval(Duration v) { checkpointInterval = v; return this; }
    public Builder checkpointTimeout(Duration v) { checkpointTimeout = v; return this; }
    public Builder tolerableCheckpointFailures(int v) { tolerableCheckpointFailures = v; return this; }
    public Builder checkpointDir(String v) { checkpointDir = v; return this; }
    public Builder stateBackend(String v) { stateBackend = v; return this; }
    public Builder memoTtl(Duration v) { memoTtl = v; return this; }
    public Builder moduleWait(Duration v) { moduleWait = v; return this; }
    public Builder awaitTimeout(Duration v) { awaitTimeout = v; return this; }
    public Builder bufferTimeout(Duration v) { bufferTimeout = v; return this; }
    public Builder execConcurrency(int v) { execConcurrency = v; return this; }
    public Builder inlineFuel(long v) { inlineFuel = v; return this; }
    public Builder defaults(Limits v) { defaults = v; return this; }
    public Builder maxima(Limits v) { maxima = v; return this; }
    public Builder transactionTimeout(Duration v) { transactionTimeout = v; return this; }
    public Builder maxInvocationBytes(int v) { maxInvocationBytes = v; return this; }
    public Builder maxArgsDepth(int v) { maxArgsDepth = v; return this; }
    public Builder maxInputBytes(int v) { maxInputBytes = v; return this; }
    public Builder blocksDir(String v) { blocksDir = v; return this; }
    public Builder effects(EffectSettings v) { effects = v; return this; }
    public EffectSettings effects() { return effects; }
    public Builder fairness(Fairness v) { fairness = v; return this; }
    public Builder authority(AuthoritySettings v) { authority = v; return this; }

    public JobConfig build() {
      if (executorKeyPem.isEmpty() || checkpointDir.isEmpty()) {
        throw new IllegalArgumentException("executorKeyPem and checkpointDir are required");
      }
      return new JobConfig(bootstrap, topics, groupId, executorKeyPem, parallelism, checkpointInterval, checkpointTimeout,
          tolerableCheckpointFailures, checkpointDir,
          stateBackend, memoTtl, moduleWait, awaitTimeout, bufferTimeout, execConcurrency, inlineFuel, defaults, maxima, transactionTimeout, maxInvocationBytes, maxArgsDepth,
          maxInputBytes, blocksDir, effects, fairness, authority);
    }
  }

  /** The option's value; a value that does not parse fails naming its key and the form it takes. */
  private static <T> T get(Configuration c, ConfigOption<T> o) {
    try {
      return c.get(o);
    } catch (IllegalArgumentException e) {
      Object d = o.hasDefaultValue() ? o.defaultValue() : "";
      String kind = d instanceof Duration ? "a duration such as 500ms, 10s, 5min, 7d"
          : d instanceof Integer || d instanceof Long ? "an integer"
          : d instanceof Double ? "a number"
          : d instanceof Boolean ? "true or false" : "a valid value";
      throw new IllegalArgumentException(o.key() + " must be " + kind + ", got '" + c.toMap().get(o.key()) + "'");
    }
  }
}
