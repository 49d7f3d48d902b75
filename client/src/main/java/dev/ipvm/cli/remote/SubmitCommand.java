package dev.ipvm.cli.remote;

import dev.ipvm.cli.kafka.DeliveryOptions;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ipvm submit}: publish an invocation signed elsewhere and wait for its receipt. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Publish a signed invocation and wait for its receipt.",
        "FILE holds a UCAN 1.0 invocation envelope, signed already: DAG-CBOR as 'ipvm invocation new' writes it, "
            + "or its DAG-JSON form, or '-' for standard input. Its signature is checked before anything is "
            + "published; the receipt is awaited, checked and printed as run does (--json for the whole receipt).",
        "Exit codes: 0 ok; 1 an error receipt, a receipt or envelope that does not verify, or bad input; 2 usage; "
            + "3 no receipt within --timeout."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm invocation new --key me.pem --cmd /wasm/run --empty-nonce \\",
        "      --args '{...}' --out scratch/add.cbor",
        "  ipvm submit scratch/add.cbor",
        "  node sign.js | ipvm submit - --json"})
public final class SubmitCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  DeliveryOptions delivery;

  @Parameters(index = "0", paramLabel = "FILE", description = "The envelope: a file, or - for standard input.")
  Path file;

  @Override
  public Integer call() throws Exception {
    delivery.check(spec.commandLine());
    byte[] bytes = Streams.read(file);
    if (bytes.length > 0 && (bytes[0] == '[' || bytes[0] == '{' || Character.isWhitespace(bytes[0]))) {
      bytes = DagCbor.encode(DagJson.decode(bytes)); // the DAG-JSON form of the same block
    }
    Signed<Invocation> signed = Invocation.decode(bytes);
    var problem = signed.signatureProblem();
    if (problem.isPresent()) {
      throw new IllegalArgumentException("the envelope's signature does not verify: " + problem.get().getMessage());
    }
    return Submission.submit(delivery, signed, Submission.DAG_JSON);
  }
}
