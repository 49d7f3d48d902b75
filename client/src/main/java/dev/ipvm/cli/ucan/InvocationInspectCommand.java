package dev.ipvm.cli.ucan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cid.Cid;
import dev.ipvm.cli.signing.ProofFiles;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import dev.ipvm.ucan.authority.Validator;
import dev.ipvm.ucan.authority.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ipvm invocation inspect}: decodes an invocation envelope and decides, as an executor
 * would ({@link Validator}), whether its proofs give the issuer the authority it claims.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Decode an invocation and check its signature and authority.",
        "It reads the envelope from standard input (or FILE) and prints its CID, Task ID, issuer, tag, signature and "
            + "payload. Then it checks the authority as an executor would: each delegation in prf, found by CID among "
            + "the --proof files and shown one per line (issuer -> audience, command, subject), must lead from the "
            + "subject to the issuer, be signed and current, cover the command, and have a policy the args satisfy.",
        "The last line is 'valid', or the failure's name and message (e.g. PolicyViolation: ...). Exits 0 only when "
            + "valid, 1 otherwise."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm invocation inspect add.cbor",
        "  ipvm invocation inspect --proof alice-bob.cbor --proof bob-carol.cbor \\",
        "      by-carol.cbor",
        "  ipvm invocation inspect --at 1767225600 --executor did:key:z6Mk... \\",
        "      --proof root.cbor inv.cbor",
        "  ipvm invocation inspect --json < add.cbor | jq .authority"})
final class InvocationInspectCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Envelope file; standard input when omitted or '-'.")
  Path input;

  @Option(names = "--proof", paramLabel = "FILE",
      description = "A delegation envelope the invocation's prf may name; repeat for each.")
  List<Path> proofs = new ArrayList<>();

  @Option(names = "--at", paramLabel = "UNIX_SECONDS", description = "Check time bounds at this time (default: now).")
  Long at;

  @Option(names = "--executor", paramLabel = "DID",
      description = "Check as this executor (default: the invocation's aud, the executor it is addressed to).")
  String executor;

  @Option(names = "--json", description = "One JSON object for machines.")
  boolean json;

  /** One entry of {@code prf}: its CID and the delegation, when a --proof file holds it. */
  record Link(int index, Cid cid, Optional<Signed<Delegation>> delegation) {
    String line() {
      return delegation.map(s -> {
        Delegation d = s.payload();
        return cid + "  " + d.iss() + " → " + d.aud() + "  " + d.cmd() + "  sub "
            + (d.sub() == null ? "powerline" : d.sub());
      }).orElse(cid + "  (not given: pass its file with --proof)");
    }
  }

  @Override
  public Integer call() throws Exception {
    Signed<Invocation> signed = Invocation.decode(Streams.read(input));
    Invocation inv = signed.payload();
    ProofFiles files = ProofFiles.read(proofs);
    List<Link> chain = new ArrayList<>();
    for (int i = 0; i < inv.prf().size(); i++) {
      chain.add(new Link(i, inv.prf().get(i), files.find(inv.prf().get(i))));
    }
    for (int i = 0; i < files.delegations().size(); i++) {
      if (!inv.prf().contains(files.delegations().get(i).cid())) {
        System.err.println("ipvm: --proof " + files.files().get(i) + " (" + files.delegations().get(i).cid()
            + ") is not in the invocation's prf; ignored");
      }
    }
    long now = at != null ? at : Instant.now().getEpochSecond();
    Verdict verdict = validator(inv).validate(signed, files::find, now, cid -> false);
    if (json) {
      printJson(signed, chain, verdict, now);
    } else {
      printText(signed, chain, verdict);
    }
    return verdict.isValid() ? 0 : 1;
  }

  private Validator validator(Invocation inv) {
    String did = executor != null ? executor : inv.aud();
    try {
      return Validator.forExecutor(did);
    } catch (UcanException e) {
      throw new IllegalArgumentException("--executor " + did + " is not a did:key: " + e.getMessage());
    }
  }

  private static void printText(Signed<Invocation> signed, List<Link> chain, Verdict verdict) {
    Invocation inv = signed.payload();
    Optional<UcanException> problem = signed.signatureProblem();
    System.out.println("invocation  " + signed.cid());
    System.out.println("task        " + inv.taskId() + (inv.shareable() ? "  (shareable: empty nonce)" : ""));
    System.out.println("issuer      " + inv.iss());
    System.out.println("command     " + inv.cmd());
    System.out.println("tag         " + signed.envelope().tag());
    System.out.println("signature   " + problem.map(e -> "INVALID: " + e.reason().errorName() + ": " + e.getMessage())
        .orElse("valid (Ed25519)"));
    System.out.println("payload     " + DagJson.encodeToString(inv.toIpld()));
    System.out.println("subject     " + inv.sub());
    for (Link link : chain) {
      System.out.println(String.format("%-12s", "prf[" + link.index() + "]") + link.line());
    }
    System.out.println(verdict instanceof Verdict.Invalid i
        ? i.failure().errorName() + ": " + i.message().replace('\n', ' ')
        : "valid");
  }

  private static void printJson(Signed<Invocation> signed, List<Link> chain, Verdict verdict, long now)
      throws IOException {
    Invocation inv = signed.payload();
    Optional<UcanException> problem = signed.signatureProblem();
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("invocation", signed.cid().toString());
      g.writeStringField("taskId", inv.taskId().toString());
      g.writeStringField("issuer", inv.iss());
      g.writeStringField("tag", signed.envelope().tag());
      g.writeBooleanField("shareable", inv.shareable());
      TokenInputs.writeSignature(g, problem);
      g.writeArrayFieldStart("chain");
      for (Link link : chain) {
        g.writeStartObject();
        g.writeStringField("cid", link.cid().toString());
        g.writeBooleanField("given", link.delegation().isPresent());
        if (link.delegation().isPresent()) {
          Delegation d = link.delegation().get().payload();
          g.writeStringField("iss", d.iss());
          g.writeStringField("aud", d.aud());
          g.writeStringField("cmd", d.cmd());
          g.writeStringField("sub", d.sub());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("authority");
      g.writeBooleanField("valid", verdict.isValid());
      g.writeNumberField("at", now);
      if (verdict instanceof Verdict.Invalid i) {
        g.writeStringField("error", i.failure().errorName());
        g.writeStringField("message", i.message());
      }
      g.writeEndObject();
      g.writeFieldName("payload");
      g.writeRawValue(DagJson.encodeToString(inv.toIpld()));
      g.writeEndObject();
    }
    System.out.println(w);
  }
}
