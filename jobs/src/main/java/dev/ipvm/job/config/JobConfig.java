package dev.ipvm.job.config;

import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.authority.Validator;
import dev.ipvm.wasm.Limits;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the job needs to run, in one typed object with documented defaults. Read from a
 * properties file and {@code key=value} overrides ({@link #fromProperties}); {@link #KEYS}
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
 * @param defaults limits for a task that asks for none
 * @param maxima caps on what a task may ask for
 * @param transactionTimeout Kafka transaction timeout of the exactly-once sinks; must stay under
 *     the broker's {@code transaction.max.timeout.ms} (15 min by default)
 * @param maxInvocationBytes larger invocation records are refused (DLQ)
 * @param maxArgsDepth invocations whose args nest deeper are refused ({@code ArgsTooDeep})
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
    LimitSet defaults,
    LimitSet maxima,
    Duration transactionTimeout,
    int maxInvocationBytes,
    int maxArgsDepth,
    String blocksDir,
    EffectSettings effects,
    Fairness fairness,
    AuthoritySettings authority) implements Serializable {

  /** Limits as plain numbers (serializable; {@link Limits} is the runtime's form). */
  public record LimitSet(long fuel, long memoryBytes, long timeMillis, int outputBytes) implements Serializable {
    public Limits toLimits() {
      return new Limits(fuel, memoryBytes, Duration.ofMillis(timeMillis), outputBytes);
    }
  }

  /** Every configuration key with its default and meaning, in the order the docs show them. */
  public static final Map<String, String[]> KEYS = new LinkedHashMap<>();

  static {
    key("bootstrap", "127.0.0.1:9092", "Kafka bootstrap servers");
    key("topics.prefix", "", "prefix for every topic name, e.g. 'test1.'");
    key("group.id", "ipvm-job", "consumer group of the job's sources (offsets are kept in checkpoints)");
    key("executor.key", "", "PKCS#8 PEM file with the executor's Ed25519 key that signs receipts (required)");
    key("parallelism", "2", "parallelism of every operator");
    key("checkpoint.interval", "1s", "checkpoint interval; receipts become visible when a checkpoint completes");
    key("checkpoint.timeout", "1min", "how long a checkpoint may take before it counts as failed");
    key("checkpoint.tolerable.failures", "2", "failed checkpoints in a row the job rides out before it restarts; "
        + "checkpoint.interval + (this + 1) x checkpoint.timeout must stay under transaction.timeout");
    key("checkpoint.dir", "", "checkpoint folder or URI (retained on cancel, so a restart resumes); required");
    key("state.backend", "rocksdb", "state backend: rocksdb (state on disk) or hashmap (state on the heap)");
    key("memo.ttl", "7d", "how long a memoized result is kept; 0 keeps results forever");
    key("module.wait", "30s", "how long a task waits for its module on the blocks topic before ModuleNotFound");
    key("await.timeout", "10min", "how long a task waits for the tasks it awaits before AwaitTimeout");
    key("buffer.timeout", "5ms", "longest a record waits in a network buffer between operators (latency vs throughput)");
    key("exec.concurrency", "2", "Wasm runs in flight per executor instance");
    key("exec.tenant.share", "0.5", "fraction of an executor instance's slots one issuer may hold (at least 1; "
        + "below 1, one slot is always left to the others); applies to the Wasm and the effect executors");
    key("exec.tenant.queue", "10000", "runs one issuer may have waiting or running per executor instance; more "
        + "are answered Overloaded at once");
    key("exec.queue.bytes", Long.toString(64L << 20), "bytes of waiting runs per executor instance, all issuers "
        + "together; more are answered Overloaded");
    key("limits.fuel", Long.toString(Limits.DEFAULT.fuel()), "default fuel (Wasm instructions) of a task");
    key("limits.memory", Long.toString(Limits.DEFAULT.memoryBytes()), "default memory limit in bytes");
    key("limits.time", Limits.DEFAULT.time().toMillis() + "ms", "default time limit");
    key("limits.output", Integer.toString(Limits.DEFAULT.outputBytes()), "default limit on a result's size in bytes");
    key("maxima.fuel", Long.toString(Limits.MAXIMUM.fuel()), "most fuel a task may ask for");
    key("maxima.memory", Long.toString(Limits.MAXIMUM.memoryBytes()), "most memory a task may ask for, bytes");
    key("maxima.time", Limits.MAXIMUM.time().toMillis() + "ms", "longest time a task may ask for");
    key("maxima.output", Integer.toString(Limits.MAXIMUM.outputBytes()), "largest result, bytes");
    key("transaction.timeout", "5min", "Kafka transaction timeout of the exactly-once sinks (< broker max, 15 min)");
    key("max.invocation.bytes", Integer.toString(4 << 20), "larger invocation records go to the DLQ");
    key("max.args.depth", "64", "deepest nesting of lists and maps in an invocation's args; deeper gets ArgsTooDeep");
    key("blocks.dir", "", "local folder for blocks read from the blocks topic (default: a temp folder)");
    key("authority.subjects", "self,executor", "subjects this executor serves, comma-separated: self (any "
        + "self-issued invocation: local development), executor (its own DID; users invoke with a delegation "
        + "from the executor's key), or DIDs; other subjects get Unauthorized");
    key("authority.max.proofs", Integer.toString(Validator.DEFAULT_MAX_PROOFS), "most delegations an invocation's "
        + "prf may name (the longest chain); more get TooManyProofs");
    key("authority.max.proof.bytes", Long.toString(Validator.DEFAULT_MAX_PROOF_BYTES), "most bytes of one "
        + "invocation's delegations together; more get ProofsTooLarge");
    key("authority.clock.skew", Validator.DEFAULT_CLOCK_SKEW_SECONDS + "s", "how far past exp and before nbf a "
        + "token is still accepted (clock drift)");
    key("authority.delegations.max", "100000", "most delegations kept from the delegations topic; more go to the "
        + "DLQ as TooManyDelegations");
    key("effects.concurrency", "16", "effects (HTTP calls, publishes) in flight per effect executor instance");
    key("effects.journal.ttl", "7d", "how long an effect's outcome is kept: a replayed Task ID gets it instead of "
        + "running again; 0 keeps outcomes forever");
    key("effects.http.allow", "", "hosts HTTP effects may reach: comma-separated host, host:port, *.domain, "
        + "* (any host); empty denies every HTTP effect");
    key("effects.http.allow.private", "false", "allow special-purpose addresses: loopback, private, link-local, "
        + "documentation, benchmarking and every other IANA special-purpose block (tests and local development only)");
    key("effects.http.timeout", "10s", "time cap of one HTTP attempt, response body included");
    key("effects.http.connect.timeout", "5s", "time cap of opening a connection");
    key("effects.http.max.response", Integer.toString(1 << 20), "response body bytes kept in a receipt; the rest "
        + "is cut off (truncated: true)");
    key("effects.http.max.redirects", "5", "redirects followed; each target is checked against the allowlist");
    key("effects.http.retries", "3", "extra attempts after a connection error or a 5xx answer (never after 4xx "
        + "or a timeout)");
    key("effects.http.retry.backoff", "200ms", "delay before the first retry; doubles per attempt, up to 5s");
    key("effects.kafka.allow", "", "topics /kafka/publish may write: comma-separated names or prefixes ending "
        + "in *; empty denies all; the job's own topics are always denied");
  }

  private static void key(String name, String defaultValue, String doc) {
    KEYS.put(name, new String[] {defaultValue, doc});
  }

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
    if (maxArgsDepth < 1) {
      throw new IllegalArgumentException("max.args.depth must be at least 1, got " + maxArgsDepth);
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
        memoTtl, moduleWait, awaitTimeout, bufferTimeout, execConcurrency, defaults, maxima, transactionTimeout, maxInvocationBytes, maxArgsDepth, blocksDir,
        effects, fairness, authority);
  }

  /** Reads a properties file (keys as in {@link #KEYS}) and then applies {@code overrides}. */
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
    for (String k : p.stringPropertyNames()) {
      if (!KEYS.containsKey(k)) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "' (see ipvm dev --help-config)");
      }
    }
    Values v = new Values(p);
    String keyFile = v.string("executor.key");
    if (keyFile.isEmpty()) {
      throw new IllegalArgumentException("executor.key is required: a PKCS#8 PEM file (ipvm key new > executor.pem)");
    }
    if (v.string("checkpoint.dir").isEmpty()) {
      throw new IllegalArgumentException("checkpoint.dir is required");
    }
    return new Builder(v).executorKeyPem(Files.readString(Path.of(keyFile))).build();
  }

  /** A builder seeded with every default of {@link #KEYS}; for tests and embedding. */
  public static Builder builder() {
    return new Builder(new Values(new Properties()));
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
    private LimitSet defaults;
    private LimitSet maxima;
    private Duration transactionTimeout;
    private int maxInvocationBytes;
    private int maxArgsDepth;
    private String blocksDir;
    private EffectSettings effects;
    private Fairness fairness;
    private AuthoritySettings authority;

    private Builder(Values v) {
      bootstrap = v.string("bootstrap");
      topics = Topics.DEFAULT.prefixed(v.string("topics.prefix"));
      groupId = v.string("group.id");
      parallelism = v.integer("parallelism");
      checkpointInterval = v.duration("checkpoint.interval");
      checkpointTimeout = v.duration("checkpoint.timeout");
      tolerableCheckpointFailures = v.integer("checkpoint.tolerable.failures");
      checkpointDir = v.string("checkpoint.dir");
      stateBackend = v.string("state.backend");
      memoTtl = v.duration("memo.ttl");
      moduleWait = v.duration("module.wait");
      awaitTimeout = v.duration("await.timeout");
      bufferTimeout = v.duration("buffer.timeout");
      execConcurrency = v.integer("exec.concurrency");
      defaults = new LimitSet(v.longValue("limits.fuel"), v.longValue("limits.memory"),
          v.duration("limits.time").toMillis(), v.integer("limits.output"));
      maxima = new LimitSet(v.longValue("maxima.fuel"), v.longValue("maxima.memory"),
          v.duration("maxima.time").toMillis(), v.integer("maxima.output"));
      transactionTimeout = v.duration("transaction.timeout");
      maxInvocationBytes = v.integer("max.invocation.bytes");
      maxArgsDepth = v.integer("max.args.depth");
      blocksDir = v.string("blocks.dir");
      effects = new EffectSettings(v.integer("effects.concurrency"), v.duration("effects.journal.ttl"),
          v.string("effects.http.allow"), v.bool("effects.http.allow.private"), v.duration("effects.http.timeout"),
          v.duration("effects.http.connect.timeout"), v.integer("effects.http.max.response"),
          v.integer("effects.http.max.redirects"), v.integer("effects.http.retries"),
          v.duration("effects.http.retry.backoff"), v.string("effects.kafka.allow"));
      fairness = new Fairness(v.decimal("exec.tenant.share"), v.integer("exec.tenant.queue"),
          v.longValue("exec.queue.bytes"));
      authority = new AuthoritySettings(v.string("authority.subjects"), v.integer("authority.max.proofs"),
          v.longValue("authority.max.proof.bytes"), v.duration("authority.clock.skew"),
          v.integer("authority.delegations.max"));
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
    public Builder defaults(LimitSet v) { defaults = v; return this; }
    public Builder maxima(LimitSet v) { maxima = v; return this; }
    public Builder transactionTimeout(Duration v) { transactionTimeout = v; return this; }
    public Builder maxInvocationBytes(int v) { maxInvocationBytes = v; return this; }
    public Builder maxArgsDepth(int v) { maxArgsDepth = v; return this; }
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
          stateBackend, memoTtl, moduleWait, awaitTimeout, bufferTimeout, execConcurrency, defaults, maxima, transactionTimeout, maxInvocationBytes, maxArgsDepth,
          blocksDir, effects, fairness, authority);
    }
  }

  /** Typed reads of property values, each failure naming the key. */
  private static final class Values {
    private final Properties p;

    Values(Properties p) {
      this.p = p;
    }

    String string(String key) {
      String v = p.getProperty(key);
      return v != null ? v.trim() : KEYS.get(key)[0];
    }

    int integer(String key) {
      long v = longValue(key);
      if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
        throw new IllegalArgumentException(key + " is too large: " + v);
      }
      return (int) v;
    }

    long longValue(String key) {
      try {
        return Long.parseLong(string(key).replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, got '" + string(key) + "'");
      }
    }

    double decimal(String key) {
      try {
        return Double.parseDouble(string(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got '" + string(key) + "'");
      }
    }

    boolean bool(String key) {
      String v = string(key).toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(key + " must be true or false, got '" + string(key) + "'");
      }
      return v.equals("true");
    }

    Duration duration(String key) {
      return parseDuration(key, string(key));
    }
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 5min}, {@code 2h}, {@code 7d}, or plain milliseconds. */
  public static Duration parseDuration(String key, String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    String[][] units = {{"ms", "1"}, {"min", "60000"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
    try {
      for (String[] u : units) {
        if (s.endsWith(u[0])) {
          return Duration.ofMillis(Math.multiplyExact(Long.parseLong(s.substring(0, s.length() - u[0].length()).trim()),
              Long.parseLong(u[1])));
        }
      }
      return Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(key + " must be a duration such as 500ms, 10s, 5min, 7d; got '" + text + "'");
    }
  }
}
