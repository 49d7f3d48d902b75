package dev.ipvm.cli.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.cli.terminal.ReceiptText;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.receipt.Receipt;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm receipt}: receipts by CID, from the receipt index or the receipts topic. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
    description = {
        "Find receipts by invocation, task or output CID.",
        "They are asked of a running receipt index (bin/ipvm index; --index URL, default $IPVM_INDEX, else "
            + "http://127.0.0.1:8090), which holds the receipts of the executors it trusts. When no index answers "
            + "there, the receipts topic is read from its start instead, which says so on standard error; "
            + "receipts found that way are not checked against trusted executors."},
    subcommands = {ReceiptCommand.Get.class, ReceiptCommand.Produced.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm receipt get bafyrei...            # a receipt, invocation or Task ID",
        "  ipvm receipt produced $(ipvm dag cid --codec raw blur.ppm)",
        "  ipvm receipt get bafyrei... --json | jq -c .receipt.out"})
public final class ReceiptCommand extends CommandGroup {
  static final String DEFAULT_INDEX = "http://127.0.0.1:8090";

  /** Where to look: the index, and the deployment's topics to scan when it does not answer. */
  static final class Where {
    @Option(names = "--index", paramLabel = "URL", defaultValue = "${env:IPVM_INDEX:-" + DEFAULT_INDEX + "}",
        description = "The receipt index's base URL (default: $IPVM_INDEX, else port 8090 on this machine).")
    URI index;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "One JSON object per receipt: {\"cid\": CID, \"receipt\": RECEIPT}.")
    boolean json;
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Print the receipts a receipt, invocation or task CID names.",
          "Each line is 'RECEIPT  ran INVOCATION  task TASK  ok VALUE' (or 'error NAME: MESSAGE'), as in "
              + "ipvm receipts, with '  INVALID: REASON' when a signature does not verify. A CID nothing is "
              + "found for exits 1."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm receipt get bafyrei...",
          "  ipvm receipt get bafyrei... --index http://index.example:8090"})
  static final class Get implements Callable<Integer> {
    @Parameters(paramLabel = "CID", description = "A receipt's, an invocation's or a Task ID's CID.")
    String cid;

    @Mixin
    Where where;

    @Override
    public Integer call() throws Exception {
      return print(where, parse(cid), IndexLookup.Kind.ANY, "no receipt, invocation or Task ID ");
    }
  }

  @Command(name = "produced", mixinStandardHelpOptions = true,
      description = {"Print the receipts that produced an output CID, one per line.",
          "An output is the CID of a receipt's ok value (DAG-CBOR, sha2-256), any link inside its out, or any "
              + "byte string in the value as a raw block: the CID of an image file a workflow wrote (ipvm dag cid "
              + "--codec raw FILE). Lines read as for 'ipvm receipt get'."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm receipt produced bafkrei..."})
  static final class Produced implements Callable<Integer> {
    @Parameters(paramLabel = "OUTPUT-CID", description = "The output's CID.")
    String cid;

    @Mixin
    Where where;

    @Override
    public Integer call() throws Exception {
      return print(where, parse(cid), IndexLookup.Kind.PRODUCED, "no receipt produced ");
    }
  }

  private static Cid parse(String text) {
    try {
      return Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a CID: " + e.getMessage());
    }
  }

  static int print(Where where, Cid cid, IndexLookup.Kind kind, String none) throws Exception {
    Optional<List<IndexLookup.Found>> fromIndex = IndexLookup.viaIndex(where.index, cid, kind);
    List<IndexLookup.Found> found;
    String source;
    if (fromIndex.isPresent()) {
      found = fromIndex.get();
      source = "the index at " + where.index;
    } else {
      String topic = where.kafka.topics().receipts();
      System.err.println("ipvm: no receipt index answers at " + where.index + "; reading " + topic
          + " from its start instead (receipts not checked against trusted executors)");
      found = IndexLookup.viaTopic(where.kafka, cid, kind);
      source = topic;
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(none + cid + " in " + source);
    }
    for (IndexLookup.Found f : found) {
      System.out.println(where.json ? json(f) : line(f));
    }
    System.out.flush();
    return 0;
  }

  private static String line(IndexLookup.Found f) {
    Receipt r = f.receipt().payload();
    return f.receipt().cid() + "  ran " + r.ran() + "  task " + ReceiptText.task(r, null) + "  " + ReceiptText.outcome(r)
        + (f.invalid() != null ? "  INVALID: " + f.invalid() : "");
  }

  private static String json(IndexLookup.Found f) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("cid", f.receipt().cid().toString());
      g.writeFieldName("receipt");
      g.writeRawValue(DagJson.encodeToString(f.receipt().envelope().payload()));
      if (f.invalid() != null) {
        g.writeStringField("invalid", f.invalid());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
