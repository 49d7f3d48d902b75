package dev.ipvm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.TagSpelling;
import dev.ipvm.ucan.UcanException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipvm invocation}: sign and inspect UCAN 1.0 invocations. */
@Command(name = "invocation", mixinStandardHelpOptions = true,
    description = "Create signed UCAN 1.0 invocations and inspect them.",
    subcommands = {InvocationCommand.New.class, InvocationCommand.Inspect.class})
final class InvocationCommand extends CommandGroup {

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Sign an invocation and write its DAG-CBOR envelope to standard output (or --out).",
          "Arguments and meta are DAG-JSON, so links ({\"/\": \"bafy...\"}) and bytes can be passed.",
          "The subject defaults to the signer: a self-issued invocation needs no proofs.",
          "An empty nonce (--empty-nonce) marks pure work that may be memoized and shared;",
          "by default a random 12-byte nonce makes the invocation unique.",
          "The envelope is tagged ucan/inv@1.0.0 (UCAN 1.0.0); --rc1-tags writes ucan/inv@1.0.0-rc.1."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm invocation new --key me.pem --cmd /wasm/run --empty-nonce \\",
          "      --args '{\"mod\":{\"/\":\"bafkrei...\"},\"fun\":\"add\",\"params\":[1,2]}' \\",
          "      --meta '{\"fuel\":100000}' --ttl 3600 --out add.cbor",
          "  ipvm invocation inspect add.cbor"})
  static final class New implements Callable<Integer> {
    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "The issuer's key (PKCS#8 PEM).")
    Path key;

    @Option(names = "--cmd", required = true, description = "The command, e.g. /wasm/run.")
    String cmd;

    @Option(names = "--args", defaultValue = "{}", paramLabel = "JSON", description = "Arguments as a DAG-JSON map (default {}).")
    String args;

    @Option(names = "--sub", paramLabel = "DID", description = "Subject (default: the issuer).")
    String sub;

    @Option(names = "--aud", paramLabel = "DID", description = "Executor, when it differs from the subject.")
    String aud;

    @ArgGroup(exclusive = true)
    NonceChoice nonce;

    static final class NonceChoice {
      @Option(names = "--nonce", paramLabel = "HEX", description = "Nonce bytes in hex.")
      String hex;

      @Option(names = "--empty-nonce", description = "Empty nonce: shareable, memoizable work.")
      boolean empty;
    }

    @Option(names = "--meta", paramLabel = "JSON", description = "Metadata as a DAG-JSON map, e.g. {\"fuel\":100000}.")
    String meta;

    @ArgGroup(exclusive = true)
    Expiry expiry;

    static final class Expiry {
      @Option(names = "--exp", paramLabel = "UNIX", description = "Expiry, Unix seconds.")
      Long exp;

      @Option(names = "--ttl", paramLabel = "SECONDS", description = "Expiry this many seconds from now.")
      Long ttl;
    }

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the envelope here.")
    Path out;

    @Option(names = "--rc1-tags", description = "Tag the envelope ucan/inv@1.0.0-rc.1, for peers that read only the release candidate.")
    boolean rc1Tags;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.load(key);
      long now = Instant.now().getEpochSecond();
      Invocation.Builder b = Invocation.builder()
          .iss(signer.did().toString())
          .sub(sub)
          .aud(aud)
          .cmd(cmd)
          .args(map("--args", args))
          .iat(now);
      if (meta != null) {
        b.meta(map("--meta", meta));
      }
      if (nonce != null && nonce.empty) {
        b.emptyNonce();
      } else if (nonce != null) {
        b.nonce(parseHex(nonce.hex));
      }
      if (expiry != null) {
        if (expiry.ttl != null && expiry.ttl <= 0) {
          throw new IllegalArgumentException("--ttl must be positive, got " + expiry.ttl);
        }
        b.exp(expiry.exp != null ? expiry.exp : now + expiry.ttl);
      }
      Streams.writeBinary(Signed.sign(signer, b.build(), rc1Tags ? TagSpelling.RC1 : TagSpelling.FINAL).bytes(), out);
      return 0;
    }

    private static Ipld.Map map(String option, String json) {
      Ipld value;
      try {
        value = DagJson.decode(json);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " is not valid DAG-JSON: " + e.getMessage());
      }
      if (!(value instanceof Ipld.Map m)) {
        throw new IllegalArgumentException(option + " must be a JSON object, got a " + value.kind().name().toLowerCase());
      }
      return m;
    }

    private static byte[] parseHex(String hex) {
      try {
        return HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--nonce must be hex: " + e.getMessage());
      }
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {"Decode an invocation envelope from standard input (or FILE): its payload as DAG-JSON,",
          "Task ID, invocation CID, issuer, and whether the signature verifies (and if not, why).",
          "Exits 1 when the signature does not verify."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm invocation inspect add.cbor",
          "  ipvm invocation inspect --json < add.cbor | jq .taskId"})
  static final class Inspect implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Envelope file; standard input when omitted or '-'.")
    Path input;

    @Option(names = "--json", description = "One JSON object for machines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Signed<Invocation> signed = Invocation.decode(Streams.read(input));
      Invocation inv = signed.payload();
      Optional<UcanException> problem = signed.signatureProblem();
      String payload = DagJson.encodeToString(inv.toIpld());
      if (json) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
          g.writeStartObject();
          g.writeStringField("invocation", signed.cid().toString());
          g.writeStringField("taskId", inv.taskId().toString());
          g.writeStringField("issuer", inv.iss());
          g.writeStringField("tag", signed.envelope().tag());
          g.writeBooleanField("shareable", inv.shareable());
          g.writeObjectFieldStart("signature");
          g.writeBooleanField("valid", problem.isEmpty());
          if (problem.isPresent()) {
            g.writeStringField("error", problem.get().reason().errorName());
            g.writeStringField("message", problem.get().getMessage());
          }
          g.writeEndObject();
          g.writeFieldName("payload");
          g.writeRawValue(payload);
          g.writeEndObject();
        }
        System.out.println(w);
      } else {
        System.out.println("invocation  " + signed.cid());
        System.out.println("task        " + inv.taskId() + (inv.shareable() ? "  (shareable: empty nonce)" : ""));
        System.out.println("issuer      " + inv.iss());
        System.out.println("command     " + inv.cmd());
        System.out.println("tag         " + signed.envelope().tag());
        System.out.println("signature   " + problem.map(e -> "INVALID: " + e.reason().errorName() + ": " + e.getMessage())
            .orElse("valid (Ed25519)"));
        System.out.println("payload     " + payload);
      }
      return problem.isEmpty() ? 0 : 1;
    }
  }
}
