package dev.ipvm.cli.remote;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Publishing;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.cli.kafka.SubmitOptions;
import dev.ipvm.cli.signing.ProofOptions;
import dev.ipvm.cli.signing.UserKey;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        "Run a Wasm function on the running IPVM and print its result.",
        "It signs a /wasm/run invocation, publishes it to the invocations topic, waits for its receipt, checks the "
            + "receipt's signature and prints the result as DAG-JSON.",
        "",
        "MODULE is a CID (of a module published with 'ipvm put') or a .wasm file, which is published first (or with "
            + "--inline embedded as a data: URI).",
        "Each PARAM is DAG-JSON when it parses, else a string: 1, 2.5, true, \"x\", [1,2] and {\"/\":\"bafy...\"} "
            + "are DAG-JSON, and hello gives [\"hello\"]. The --params option gives the whole list as one DAG-JSON "
            + "list instead.",
        "Runs are pure: the empty nonce gives identical runs one Task ID, so the job answers a repeat from its memo "
            + "('memo hit'); --fresh makes a run unique.",
        "The key (--key) defaults to $IPVM_HOME/user.pem (IPVM_HOME: ~/.ipvm), created on first use.",
        "Receipts are read with isolation.level=read_committed: the job commits them at its checkpoints, so a receipt "
            + "comes a checkpoint interval or more after the invocation.",
        "",
        "Standard error gets one line: the invocation CID (the receipt's 'ran'), the Task ID, and 'memo hit' or the "
            + "fuel used.",
        "Exit codes: 0 ok; 1 an error receipt (standard error: 'error: NAME: MESSAGE'), a receipt that does not "
            + "verify, or bad input; 2 usage; 3 no receipt within --timeout."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm run functions/src/main/resources/samples/math.wasm --fun add 20 22",
        "    42",
        "  ipvm run uppercase.wasm --fun uppercase hello      # params [\"hello\"]",
        "  ipvm run bafkrei... --fun fib --fuel 100000 --timeout 30 40",
        "  ipvm run math.wasm --fun add --params '[1, 2]' --json   # whole receipt",
        "  ipvm run math.wasm --inline --fresh --fun add 1 2"})
public final class RunCommand implements Callable<Integer> {
  public static final int EXIT_TIMEOUT = Submission.EXIT_TIMEOUT;

  @Spec
  CommandSpec spec;

  @Mixin
  SubmitOptions submit;

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

  @Override
  public Integer call() throws Exception {
    // Everything the user typed is checked before the broker is contacted.
    if (paramsJson != null && !params.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give the params either as PARAMs or with --params, not both");
    }
    submit.check(spec.commandLine());
    List<Ipld> paramList = paramsJson != null ? parseList(paramsJson) : params.stream().map(RunCommand::parseParam).toList();
    Ipld.Map meta = limits().toMeta();
    Path moduleFile = Path.of(module);
    WasmRun.ModuleRef ref;
    List<byte[]> blocks = List.of();
    if (Files.isRegularFile(moduleFile)) {
      Publishing.checkBlockSize(Files.size(moduleFile), module);
      byte[] moduleBytes = Files.readAllBytes(moduleFile);
      if (inline) {
        ref = new WasmRun.ModuleRef.Inline(moduleBytes);
      } else {
        // published as a raw block before the invocation that links it
        ref = new WasmRun.ModuleRef.Linked(Cid.of(Multicodec.RAW, moduleBytes));
        blocks = List.of(moduleBytes);
      }
    } else {
      Cid moduleCid = parseModuleCid(module);
      if (inline) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--inline needs a .wasm file, not a CID");
      }
      ref = new WasmRun.ModuleRef.Linked(moduleCid);
    }
    Signer signer = UserKey.signer(submit.key());
    Invocation.Builder b = Invocation.builder()
        .iss(signer.did().toString())
        .cmd(WasmRun.COMMAND)
        .args(new WasmRun(ref, fun, paramList).toArgs())
        .iat(Instant.now().getEpochSecond());
    if (meta.size() > 0) {
      b.meta(meta);
    }
    ProofOptions.apply(b, submit.proof().read());
    if (fresh) {
      byte[] nonce = new byte[12];
      new SecureRandom().nextBytes(nonce);
      b.nonce(nonce);
    } else {
      b.emptyNonce();
    }
    return Submission.submit(submit, Signed.sign(signer, b.build()), blocks, Submission.DAG_JSON);
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
  public static Ipld parseParam(String text) {
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
      if (looksLikeCid(text)) {
        throw new IllegalArgumentException("MODULE '" + text + "' is not a valid CID: " + e.getMessage());
      }
      throw new IllegalArgumentException("no such file: " + text);
    }
    if (cid.codec() != Multicodec.RAW && cid.codec() != Multicodec.DAG_PB) {
      throw new IllegalArgumentException("MODULE " + text + " is not a raw block or a UnixFS file (codec 0x"
          + Long.toHexString(cid.codec()) + "): publish modules with 'ipvm put'");
    }
    return cid;
  }

  /** A multibase CID (bafy..., bafk..., z...) or a CIDv0 (Qm...): one word, no path separator or extension. */
  static boolean looksLikeCid(String text) {
    return text.matches("(baf|Qm|z)[A-Za-z0-9]{20,}");
  }
}
