package dev.ipvm.job.config;

import dev.ipvm.ucan.authority.Validator;
import dev.ipvm.wasm.Limits;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the job, declared once: key, type, default and meaning. {@link JobConfig}
 * reads them, {@code ipvm dev --help-config} lists them, and the configuration reference in
 * {@code docs/job.md} is generated from them ({@link ConfigReference}). Durations take
 * {@code ms}, {@code s}, {@code min}, {@code h}, {@code d}; a plain number is milliseconds.
 */
public final class JobOptions {
  private JobOptions() {}

  public static final ConfigOption<String> BOOTSTRAP = ConfigOptions.key("bootstrap")
      .stringType().defaultValue("127.0.0.1:9092")
      .withDescription("Kafka bootstrap servers");

  public static final ConfigOption<String> TOPICS_PREFIX = ConfigOptions.key("topics.prefix")
      .stringType().noDefaultValue()
      .withDescription("prefix for every topic name, e.g. test1.");

  public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group.id")
      .stringType().defaultValue("ipvm-job")
      .withDescription("consumer group of the sources (offsets live in checkpoints); also the transactional id prefix");

  public static final ConfigOption<String> EXECUTOR_KEY = ConfigOptions.key("executor.key")
      .stringType().noDefaultValue()
      .withDescription("PKCS#8 PEM file of the Ed25519 key that signs receipts (required)");

  public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
      .intType().defaultValue(2)
      .withDescription("parallelism of every operator");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint.interval")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("checkpoint interval; receipts become visible when a checkpoint completes");

  public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT = ConfigOptions.key("checkpoint.timeout")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("how long a checkpoint may take before it counts as failed");

  public static final ConfigOption<Integer> CHECKPOINT_TOLERABLE_FAILURES = ConfigOptions.key("checkpoint.tolerable.failures")
      .intType().defaultValue(2)
      .withDescription("failed checkpoints in a row the job rides out before it restarts; checkpoint.interval + (this + "
          + "1) x checkpoint.timeout must stay under transaction.timeout");

  public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("checkpoint.dir")
      .stringType().noDefaultValue()
      .withDescription("checkpoint folder or URI, retained on cancel, so a restart resumes (required)");

  public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state.backend")
      .stringType().defaultValue("rocksdb")
      .withDescription("rocksdb (state on disk) or hashmap (on the heap)");

  public static final ConfigOption<Duration> MEMO_TTL = ConfigOptions.key("memo.ttl")
      .durationType().defaultValue(Duration.ofDays(7))
      .withDescription("how long a memoized result is kept; 0 keeps results forever");

  public static final ConfigOption<Duration> MODULE_WAIT = ConfigOptions.key("module.wait")
      .durationType().defaultValue(Duration.ofSeconds(30))
      .withDescription("how long a task waits for its module before ModuleNotFound");

  public static final ConfigOption<Duration> AWAIT_TIMEOUT = ConfigOptions.key("await.timeout")
      .durationType().defaultValue(Duration.ofMinutes(10))
      .withDescription("how long a task waits for the tasks it awaits before AwaitTimeout");

  public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("buffer.timeout")
      .durationType().defaultValue(Duration.ofMillis(5))
      .withDescription("longest a record waits in a Flink network buffer between operators: 1ms halves await latency (a "
          + "hop ~10 ms at the median) at some throughput cost");

  public static final ConfigOption<Integer> EXEC_CONCURRENCY = ConfigOptions.key("exec.concurrency")
      .intType().defaultValue(2)
      .withDescription("Wasm runs in flight per executor instance");

  public static final ConfigOption<Long> EXEC_INLINE_FUEL = ConfigOptions.key("exec.inline.fuel")
      .longType().defaultValue(100_000L)
      .withDescription("a pure task whose module is already compiled in the TaskManager runs at once in its task "
          + "function with at most this much fuel, skipping the executor and the feedback topic; a run that needs more "
          + "goes to the executor as usual; 0 sends every run to the executor");

  public static final ConfigOption<Double> EXEC_TENANT_SHARE = ConfigOptions.key("exec.tenant.share")
      .doubleType().defaultValue(0.5)
      .withDescription("fraction of an executor instance's slots one issuer may hold (at least 1; below 1, one slot is "
          + "always left to the others); applies to the Wasm and the effect executors");

  public static final ConfigOption<Integer> EXEC_TENANT_QUEUE = ConfigOptions.key("exec.tenant.queue")
      .intType().defaultValue(10000)
      .withDescription("runs one issuer may have waiting or running per executor instance; more are answered Overloaded "
          + "at once");

  public static final ConfigOption<Long> EXEC_QUEUE_BYTES = ConfigOptions.key("exec.queue.bytes")
      .longType().defaultValue(64L << 20)
      .withDescription("bytes of waiting runs per executor instance, all issuers together; more are answered Overloaded");

  public static final ConfigOption<Long> LIMITS_FUEL = ConfigOptions.key("limits.fuel")
      .longType().defaultValue(Limits.DEFAULT.fuel())
      .withDescription("default fuel (Wasm instructions) of a task");

  public static final ConfigOption<Long> LIMITS_MEMORY = ConfigOptions.key("limits.memory")
      .longType().defaultValue(Limits.DEFAULT.memoryBytes())
      .withDescription("default memory limit in bytes");

  public static final ConfigOption<Duration> LIMITS_TIME = ConfigOptions.key("limits.time")
      .durationType().defaultValue(Limits.DEFAULT.time())
      .withDescription("default time limit");

  public static final ConfigOption<Integer> LIMITS_OUTPUT = ConfigOptions.key("limits.output")
      .intType().defaultValue(Limits.DEFAULT.outputBytes())
      .withDescription("default limit on a result's size in bytes");

  public static final ConfigOption<Long> MAXIMA_FUEL = ConfigOptions.key("maxima.fuel")
      .longType().defaultValue(Limits.MAXIMUM.fuel())
      .withDescription("most fuel a task may ask for");

  public static final ConfigOption<Long> MAXIMA_MEMORY = ConfigOptions.key("maxima.memory")
      .longType().defaultValue(Limits.MAXIMUM.memoryBytes())
      .withDescription("most memory a task may ask for, bytes");

  public static final ConfigOption<Duration> MAXIMA_TIME = ConfigOptions.key("maxima.time")
      .durationType().defaultValue(Limits.MAXIMUM.time())
      .withDescription("longest time a task may ask for");

  public static final ConfigOption<Integer> MAXIMA_OUTPUT = ConfigOptions.key("maxima.output")
      .intType().defaultValue(Limits.MAXIMUM.outputBytes())
      .withDescription("largest result, bytes");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("transaction.timeout")
      .durationType().defaultValue(Duration.ofMinutes(5))
      .withDescription("Kafka transaction timeout of the exactly-once sinks (must stay under the broker's 15 min)");

  public static final ConfigOption<Integer> MAX_INVOCATION_BYTES = ConfigOptions.key("max.invocation.bytes")
      .intType().defaultValue(4 << 20)
      .withDescription("larger invocation records go to the DLQ");

  public static final ConfigOption<Integer> MAX_ARGS_DEPTH = ConfigOptions.key("max.args.depth")
      .intType().defaultValue(64)
      .withDescription("deepest nesting of lists and maps in an invocation's args; deeper gets ArgsTooDeep");

  public static final ConfigOption<Integer> INPUT_MAX_BYTES = ConfigOptions.key("input.max.bytes")
      .intType().defaultValue(16 << 20)
      .withDescription("largest input passed by CID: a link where an export's WIT signature wants list<u8> or string "
          + "stands for its raw block or UnixFS file, up to this many bytes; larger gets InputTooLarge");

  public static final ConfigOption<String> BLOCKS_DIR = ConfigOptions.key("blocks.dir")
      .stringType().noDefaultValue()
      .withDescription("where each TaskManager keeps the blocks it read (default: a temp folder)");

  public static final ConfigOption<String> AUTHORITY_SUBJECTS = ConfigOptions.key("authority.subjects")
      .stringType().defaultValue("self,executor")
      .withDescription("subjects this executor serves, comma-separated: self (any self-issued invocation: local "
          + "development), executor (its own DID; users invoke with a delegation from the executor's key), or"
          + " DIDs; other subjects get Unauthorized");

  public static final ConfigOption<Integer> AUTHORITY_MAX_PROOFS = ConfigOptions.key("authority.max.proofs")
      .intType().defaultValue(Validator.DEFAULT_MAX_PROOFS)
      .withDescription("most delegations an invocation's prf may name (the longest chain); more get TooManyProofs");

  public static final ConfigOption<Long> AUTHORITY_MAX_PROOF_BYTES = ConfigOptions.key("authority.max.proof.bytes")
      .longType().defaultValue(Validator.DEFAULT_MAX_PROOF_BYTES)
      .withDescription("most bytes of one invocation's delegations together; more get ProofsTooLarge");

  public static final ConfigOption<Duration> AUTHORITY_CLOCK_SKEW = ConfigOptions.key("authority.clock.skew")
      .durationType().defaultValue(Duration.ofSeconds(Validator.DEFAULT_CLOCK_SKEW_SECONDS))
      .withDescription("how far past exp and before nbf a token is still accepted (the core spec's clock-drift buffer)");

  public static final ConfigOption<Integer> AUTHORITY_DELEGATIONS_MAX = ConfigOptions.key("authority.delegations.max")
      .intType().defaultValue(100000)
      .withDescription("most delegations kept from the delegations topic; more go to the DLQ as TooManyDelegations");

  public static final ConfigOption<Integer> EFFECTS_CONCURRENCY = ConfigOptions.key("effects.concurrency")
      .intType().defaultValue(16)
      .withDescription("effects in flight per effect executor instance");

  public static final ConfigOption<Duration> EFFECTS_JOURNAL_TTL = ConfigOptions.key("effects.journal.ttl")
      .durationType().defaultValue(Duration.ofDays(7))
      .withDescription("how long an effect's outcome is kept: a replayed Task ID gets it instead of running again; 0 "
          + "keeps outcomes forever");

  public static final ConfigOption<String> EFFECTS_HTTP_ALLOW = ConfigOptions.key("effects.http.allow")
      .stringType().noDefaultValue()
      .withDescription("hosts HTTP effects may reach: comma-separated host, host:port, *.domain, * (any host); "
          + "none: every HTTP effect is denied");

  public static final ConfigOption<Boolean> EFFECTS_HTTP_ALLOW_PRIVATE = ConfigOptions.key("effects.http.allow.private")
      .booleanType().defaultValue(false)
      .withDescription("allow special-purpose addresses: loopback, private, link-local, documentation, benchmarking and "
          + "every other block in the special-purpose table below (tests and local development)");

  public static final ConfigOption<Duration> EFFECTS_HTTP_TIMEOUT = ConfigOptions.key("effects.http.timeout")
      .durationType().defaultValue(Duration.ofSeconds(10))
      .withDescription("time cap of one HTTP attempt, response body included");

  public static final ConfigOption<Duration> EFFECTS_HTTP_CONNECT_TIMEOUT = ConfigOptions.key("effects.http.connect.timeout")
      .durationType().defaultValue(Duration.ofSeconds(5))
      .withDescription("time cap of opening a connection");

  public static final ConfigOption<Integer> EFFECTS_HTTP_MAX_RESPONSE = ConfigOptions.key("effects.http.max.response")
      .intType().defaultValue(1 << 20)
      .withDescription("response body bytes kept in a receipt; the rest is cut off (truncated: true)");

  public static final ConfigOption<Integer> EFFECTS_HTTP_MAX_REDIRECTS = ConfigOptions.key("effects.http.max.redirects")
      .intType().defaultValue(5)
      .withDescription("redirects followed; each target is checked against the allowlist");

  public static final ConfigOption<Integer> EFFECTS_HTTP_RETRIES = ConfigOptions.key("effects.http.retries")
      .intType().defaultValue(3)
      .withDescription("extra attempts after a connection error or a 5xx (never after a 4xx or a timeout)");

  public static final ConfigOption<Duration> EFFECTS_HTTP_RETRY_BACKOFF = ConfigOptions.key("effects.http.retry.backoff")
      .durationType().defaultValue(Duration.ofMillis(200))
      .withDescription("delay before the first retry; doubles per attempt, up to 5s");

  public static final ConfigOption<String> EFFECTS_KAFKA_ALLOW = ConfigOptions.key("effects.kafka.allow")
      .stringType().noDefaultValue()
      .withDescription("topics /kafka/publish may write: comma-separated names or prefixes ending in *; empty denies "
          + "all; the job's own topics are always denied");

  /** Every option, in the order of the declarations above (the docs' order). */
  public static final List<ConfigOption<?>> ALL = all();

  private static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> out = new ArrayList<>();
    for (Field f : JobOptions.class.getDeclaredFields()) { // declaration order (javac keeps it)
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
        try {
          out.add((ConfigOption<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(out);
  }
}
