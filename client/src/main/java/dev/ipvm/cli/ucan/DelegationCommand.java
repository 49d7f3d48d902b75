package dev.ipvm.cli.ucan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.UcanException;
import dev.ipvm.ucan.policy.Policy;
import dev.ipvm.ucan.policy.PolicyException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm delegation}: sign and inspect UCAN 1.0 delegations. */
@Command(name = "delegation", mixinStandardHelpOptions = true,
    description = "Create, inspect and publish signed UCAN 1.0 delegations.",
    subcommands = {DelegationCommand.New.class, DelegationCommand.Inspect.class, DelegationPublishCommand.class})
public final class DelegationCommand extends CommandGroup {

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Sign a delegation and write its DAG-CBOR envelope.",
          "The envelope goes to standard output, or to --out FILE. The signer (--key) lets --aud invoke --cmd, and "
              + "every command below it, on the subject: --sub (default: the signer, which makes this a root "
              + "delegation) or, with --powerline, whatever subject the delegation before it in a chain is about.",
          "The --pol option is a DAG-JSON policy the invocation's args must satisfy, checked here.",
          "The envelope is tagged ucan/dlg@1.0.0; --rc1-tags writes ucan/dlg@1.0.0-rc.1."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm delegation new --key alice.pem --aud did:key:z6MkBob... --cmd /wasm \\",
          "      --ttl 86400 --out alice-bob.cbor",
          "  ipvm delegation new --key bob.pem --aud did:key:z6MkCarol... --cmd /wasm/run \\",
          "      --sub did:key:z6MkAlice... --pol '[[\"==\", \".fun\", \"add\"]]' \\",
          "      --out bob-carol.cbor",
          "  ipvm delegation inspect bob-carol.cbor"})
  static final class New implements Callable<Integer> {
    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "The issuer's key (PKCS#8 PEM).")
    Path key;

    @Option(names = "--aud", required = true, paramLabel = "DID", description = "The delegate, who gains the authority.")
    String aud;

    @Option(names = "--cmd", required = true, paramLabel = "CMD",
        description = "The command delegated, with those below it, e.g. /wasm.")
    String cmd;

    @ArgGroup(exclusive = true)
    Subject subject;

    static final class Subject {
      @Option(names = "--sub", paramLabel = "DID", description = "Subject (default: the issuer).")
      String did;

      @Option(names = "--powerline", description = "No subject (sub: null): whatever subject the proof before this one is about.")
      boolean powerline;
    }

    @Option(names = "--pol", defaultValue = "[]", paramLabel = "JSON",
        description = "Policy as a DAG-JSON list of statements (default [], no conditions).")
    String pol;

    @Option(names = "--nbf", paramLabel = "UNIX", description = "Not valid before, Unix seconds.")
    Long nbf;

    @ArgGroup(exclusive = true)
    TokenInputs.Expiry expiry;

    @Option(names = "--nonce", paramLabel = "HEX", description = "Nonce bytes in hex (default: 12 random bytes).")
    String nonce;

    @Option(names = "--meta", paramLabel = "JSON", description = "Metadata as a DAG-JSON map.")
    String meta;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the envelope here.")
    Path out;

    @Option(names = "--rc1-tags", description = "Tag the envelope ucan/dlg@1.0.0-rc.1, for peers that read only the release candidate.")
    boolean rc1Tags;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.load(key);
      String iss = signer.did().toString();
      String sub = subject == null ? iss : subject.powerline ? null : subject.did;
      Ipld.List policy = policy(pol);
      byte[] nonceBytes;
      if (nonce != null) {
        nonceBytes = TokenInputs.hex("--nonce", nonce);
      } else {
        nonceBytes = new byte[12];
        new SecureRandom().nextBytes(nonceBytes);
      }
      Ipld.Map metaMap = meta == null ? null : TokenInputs.map("--meta", meta);
      Long exp = TokenInputs.Expiry.of(expiry, Instant.now().getEpochSecond());
      Delegation d = new Delegation(iss, aud, sub, cmd, policy, nonceBytes, metaMap, nbf, exp);
      d = Delegation.fromIpld(d.toIpld()); // validated exactly as a received payload would be
      Streams.writeBinary(Signed.sign(signer, d, TokenInputs.spelling(rc1Tags)).bytes(), out);
      return 0;
    }

    /** Parses {@code --pol}: DAG-JSON, then a well-formed policy, or one line naming the problem. */
    static Ipld.List policy(String json) {
      Ipld value = TokenInputs.value("--pol", json);
      try {
        Policy.parse(value);
      } catch (PolicyException e) {
        throw new IllegalArgumentException("--pol is not a valid policy: " + e.reason() + ": " + e.getMessage());
      }
      return (Ipld.List) value; // a policy that parses is a list
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {"Decode a delegation and check its signature.",
          "It reads the envelope from standard input (or FILE) and prints its CID, issuer, audience, subject (or "
              + "powerline), command, policy, time bounds, tag, and whether the signature verifies (and if not, why).",
          "Exits 1 when the signature does not verify."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm delegation inspect alice-bob.cbor",
          "  ipvm delegation inspect --json alice-bob.cbor | jq .aud"})
  static final class Inspect implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Envelope file; standard input when omitted or '-'.")
    Path input;

    @Option(names = "--json", description = "One JSON object for machines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Signed<Delegation> signed = Delegation.decode(Streams.read(input));
      Delegation d = signed.payload();
      Optional<UcanException> problem = signed.signatureProblem();
      Optional<String> badPolicy = policyProblem(d.pol());
      String pol = DagJson.encodeToString(d.pol());
      if (json) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
          g.writeStartObject();
          g.writeStringField("delegation", signed.cid().toString());
          g.writeStringField("iss", d.iss());
          g.writeStringField("aud", d.aud());
          g.writeStringField("sub", d.sub()); // null: powerline
          g.writeBooleanField("powerline", d.sub() == null);
          g.writeStringField("cmd", d.cmd());
          g.writeFieldName("pol");
          g.writeRawValue(pol);
          if (badPolicy.isPresent()) {
            g.writeStringField("policyError", badPolicy.get());
          }
          writeTime(g, "nbf", d.nbf());
          writeTime(g, "exp", d.exp());
          g.writeStringField("tag", signed.envelope().tag());
          TokenInputs.writeSignature(g, problem);
          g.writeFieldName("payload");
          g.writeRawValue(DagJson.encodeToString(d.toIpld()));
          g.writeEndObject();
        }
        System.out.println(w);
      } else {
        System.out.println("delegation  " + signed.cid());
        System.out.println("issuer      " + d.iss());
        System.out.println("audience    " + d.aud());
        System.out.println("subject     " + (d.sub() == null ? "powerline (any subject)" : d.sub()));
        System.out.println("command     " + d.cmd());
        System.out.println("policy      " + pol + badPolicy.map(m -> "  INVALID: " + m).orElse(""));
        System.out.println("not before  " + time(d.nbf()));
        System.out.println("expires     " + time(d.exp()));
        System.out.println("tag         " + signed.envelope().tag());
        System.out.println("signature   " + problem.map(e -> "INVALID: " + e.reason().errorName() + ": " + e.getMessage())
            .orElse("valid (Ed25519)"));
      }
      return problem.isEmpty() ? 0 : 1;
    }

    private static Optional<String> policyProblem(Ipld.List pol) {
      try {
        Policy.parse(pol);
        return Optional.empty();
      } catch (PolicyException e) {
        return Optional.of(e.reason() + ": " + e.getMessage());
      }
    }

    static String time(Long seconds) {
      return seconds == null ? "-" : seconds + "  (" + Instant.ofEpochSecond(seconds) + ")";
    }

    private static void writeTime(JsonGenerator g, String field, Long seconds) throws java.io.IOException {
      if (seconds == null) {
        g.writeNullField(field);
      } else {
        g.writeNumberField(field, seconds);
      }
    }
  }
}
