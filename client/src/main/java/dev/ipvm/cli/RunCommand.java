package dev.ipvm.cli;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipvm run}: invoke a Wasm function on the running IPVM and wait for its receipt. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Sign a /wasm/run invocation, publish it to the invocations topic, wait for",
        "its receipt, check the receipt's signature and print the result as DAG-JSON.",
        "",
        "MODULE is a CID (of a module published with 'ipvm put') or a .wasm file,",
        "which is published first (or with --inline embedded as a data: URI).",
        "Each PARAM is DAG-JSON when it parses (1, 2.5, true, \"x\", [1,2],",
        "{\"/\":\"bafy...\"}), else a string: 'hello' gives [\"hello\"]. --params gives",
        "the whole list as one DAG-JSON list instead.",
        "Runs are pure: the empty nonce gives identical runs one Task ID, so the job",
        "answers a repeat from its memo ('memo hit'); --fresh makes a run unique.",
        "The key (--key) defaults to $IPVM_HOME/user.pem (IPVM_HOME: ~/.ipvm),",
        "created on first use.",
        "Receipts are read with isolation.level=read_committed: the job commits them",
        "at its checkpoints, so a receipt comes a checkpoint interval or more after",
        "the invocation.",
        "",
        "Standard error gets one line: the invocation CID (the receipt's 'ran'), the",
        "Task ID, and 'memo hit' or the fuel used.",
        "Exit codes: 0 ok; 1 an error receipt (stderr: 'error: <name>: <message>'),",
        "a receipt that does not verify, or bad input; 2 usage; 3 no receipt within",
        "--timeout."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm run functions/src/main/resources/samples/math.wasm --fun add 20 22",
        "    42",
        "  ipvm run uppercase.wasm --fun uppercase hello      # params [\"hello\"]",
        "  ipvm run bafkrei... --fun fib --fuel 100000 --timeout 30 40",
        "  ipvm run math.wasm --fun add --params '[1, 2]' --json   # whole receipt",
        "  ipvm run math.wasm --inline --fresh --fun add 1 2"})
final class RunCommand implements Callable<Integer> {
  static final int EXIT_TIMEOUT = 3;

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module: a CID, or a .wasm file.")
  String module;

  @Parameters(index = "1..*", paramLabel = "PARAM", description = "The function's params, in order.")
  List<String> params = new ArrayList<>();

  @Option(names = "--fun", required = true, paramLabel = "NAME", description = "The exported function to call.")
  String fun;

  @Option(names = "--params", paramLabel = "JSON", description = "All params as one DAG-JSON list, instead of PARAMs.")
  String paramsJson;

  @Option(names = "--inline", description = "Embed the .wasm file in the invocation (a data: URI) instead of publishing it.")
  boolean inline;

  @Option(names = "--fuel", paramLabel = "N", description = "Fuel the task may use (Wasm instructions); the job caps it.")
  Long fuel;

  @Option(names = "--memory", paramLabel = "BYTES", description = "Memory the task may use; the job caps it.")
  Long memory;

  @Option(names = "--time", paramLabel = "MS", description = "Time the task may take, in ms; the job caps it.")
  Long time;

  @Option(names = "--fresh", description = "A random nonce: run again, never shared or memoized.")
  boolean fresh;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = "The signing key (PKCS#8 PEM; default $IPVM_HOME/user.pem, created when missing).")
  Path key;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the receipt (default ${DEFAULT-VALUE}); then exit 3.")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the whole receipt payload as DAG-JSON (one line).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    // Everything the user typed is checked before the broker is contacted.
    if (paramsJson != null && !params.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give the params either as PARAMs or with --params, not both");
    }
    if (timeoutSeconds <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeoutSeconds);
    }
    List<Ipld> paramList = paramsJson != null ? parseList(paramsJson) : params.stream().map(RunCommand::parseParam).toList();
    Ipld.Map meta = limits().toMeta();
    Path moduleFile = Path.of(module);
    Cid moduleCid = null;
    byte[] moduleBytes = null;
    if (Files.isRegularFile(moduleFile)) {
      Kafka.checkBlockSize(Files.size(moduleFile), module);
      moduleBytes = Files.readAllBytes(moduleFile);
    } else {
      moduleCid = parseModuleCid(module);
      if (inline) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--inline needs a .wasm file, not a CID");
      }
    }
    Signer signer = UserKey.signer(key);

    Topics topics = kafka.topics();
    String bootstrap = kafka.bootstrap;
    boolean publishModule = moduleBytes != null && !inline;
    if (publishModule) {
      Kafka.check(kafka, topics.invocations(), topics.receipts(), topics.blocks());
    } else {
      Kafka.check(kafka, topics.invocations(), topics.receipts());
    }
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(bootstrap);
        KafkaProducer<String, byte[]> producer = Kafka.producer(bootstrap)) {
      // Where the receipt can land is fixed before anything is published, so it cannot be missed.
      Kafka.followFromEnd(consumer, topics.receipts());

      WasmRun.ModuleRef ref;
      if (moduleBytes == null) {
        ref = new WasmRun.ModuleRef.Linked(moduleCid);
      } else if (inline) {
        ref = new WasmRun.ModuleRef.Inline(moduleBytes);
      } else {
        ref = new WasmRun.ModuleRef.Linked(Kafka.publishBlock(producer, topics.blocks(), moduleBytes, bootstrap));
      }
      Invocation.Builder b = Invocation.builder()
          .iss(signer.did().toString())
          .cmd(WasmRun.COMMAND)
          .args(new WasmRun(ref, fun, paramList).toArgs())
          .iat(Instant.now().getEpochSecond());
      if (meta.size() > 0) {
        b.meta(meta);
      }
      if (fresh) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        b.nonce(nonce);
      } else {
        b.emptyNonce();
      }
      Signed<Invocation> signed = Signed.sign(signer, b.build());
      Cid invocation = signed.cid();
      Cid task = signed.payload().taskId();
      Kafka.send(producer, Kafka.invocationRecord(topics.invocations(), signed), bootstrap);

      ConsumerRecord<String, byte[]> found = await(consumer, invocation.toString());
      if (found == null) {
        System.err.println("ipvm: no receipt for invocation " + invocation + " (task " + task + ") within "
            + timeoutSeconds + " s. Receipts appear only after the job's next checkpoint: check that the job runs"
            + " (`ipvm dev`) and reads " + topics.invocations() + " on " + bootstrap
            + ", or wait longer with --timeout");
        return EXIT_TIMEOUT;
      }
      return report(found, invocation, task);
    }
  }

  /** The first committed record keyed by the invocation CID, or null when the time is up. */
  private ConsumerRecord<String, byte[]> await(KafkaConsumer<String, byte[]> consumer, String invocation) {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
        if (invocation.equals(r.key())) {
          return r;
        }
      }
    }
  }

  private int report(ConsumerRecord<String, byte[]> record, Cid invocation, Cid task) {
    CheckedReceipt checked = CheckedReceipt.check(record.value(), invocation);
    if (!checked.valid()) {
      System.err.println("ipvm: " + checked.sentence());
      return 1;
    }
    Signed<Receipt> signed = checked.signed();
    Receipt receipt = signed.payload();
    System.err.println("invocation " + invocation + "  task " + task + "  " + ReceiptText.how(receipt));
    if (json) {
      System.out.println(DagJson.encodeToString(signed.envelope().payload()));
    } else if (receipt.out() instanceof Outcome.Ok ok) {
      System.out.println(DagJson.encodeToString(ok.value()));
    }
    if (receipt.out() instanceof Outcome.Error e) {
      System.err.println("error: " + e.name() + ": " + e.message());
      return 1;
    }
    return 0;
  }

  private WasmRun.RequestedLimits limits() {
    nonNegative("--fuel", fuel);
    nonNegative("--memory", memory);
    nonNegative("--time", time);
    return new WasmRun.RequestedLimits(fuel, memory, time);
  }

  private void nonNegative(String option, Long v) {
    if (v != null && v < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must not be negative, got " + v);
    }
  }

  /** A PARAM: DAG-JSON when it parses, else the text itself. */
  static Ipld parseParam(String text) {
    try {
      return DagJson.decode(text);
    } catch (IllegalArgumentException notJson) {
      return Ipld.text(text);
    }
  }

  private static List<Ipld> parseList(String json) {
    Ipld value;
    try {
      value = DagJson.decode(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--params is not valid DAG-JSON: " + e.getMessage());
    }
    if (!(value instanceof Ipld.List list)) {
      throw new IllegalArgumentException("--params must be a JSON list, e.g. '[1, 2]'");
    }
    return list.items();
  }

  private static Cid parseModuleCid(String text) {
    Cid cid;
    try {
      cid = Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("MODULE '" + text + "' is neither a file nor a CID");
    }
    if (cid.codec() != Multicodec.RAW && cid.codec() != Multicodec.DAG_PB) {
      throw new IllegalArgumentException("MODULE " + text + " is not a raw block or a UnixFS file (codec 0x"
          + Long.toHexString(cid.codec()) + "): publish modules with 'ipvm put'");
    }
    return cid;
  }
}
