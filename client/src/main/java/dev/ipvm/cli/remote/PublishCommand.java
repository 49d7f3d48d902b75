package dev.ipvm.cli.remote;

import dev.ipvm.cli.kafka.EffectNonce;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.cli.kafka.SubmitOptions;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipvm publish}: have the running IPVM publish one Kafka record (an effect). */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {
        "Have the running IPVM publish a record to a Kafka topic.",
        "It signs a /kafka/publish invocation, publishes it, waits for its receipt, checks the receipt's signature "
            + "and prints the result ({\"topic\": ..., \"bytes\": SIZE}) as DAG-JSON. The job writes the record in "
            + "the same Kafka transaction as the receipt.",
        "",
        "VALUE is published as its UTF-8 text. With --dag-json it is DAG-JSON instead: a string is published as its "
            + "text, bytes ({\"/\": {\"bytes\": ...}}) as themselves, anything else (a map, a list, a number) as its "
            + "DAG-CBOR.",
        "",
        "A publish is an effect: the job runs it at most once per Task ID (the CID of {sub, cmd, args, nonce}). Each "
            + "call gets a new random nonce, so it is a new record; the nonce is shown on standard error ('nonce "
            + "HEX'). Passing it back with --nonce asks for the same publish, which does not happen twice: the receipt "
            + "carries the recorded outcome (standard error: 'replay'), so a retry with --nonce is safe. Errors are "
            + "recorded too: to try again after an error receipt, leave --nonce out.",
        "The -k/--key option is the signing key, as for every command; the record's key is --record-key.",
        "",
        "Exit codes: 0 ok; 1 an error receipt, a receipt that does not verify, or bad input; 2 usage; 3 no receipt "
            + "within --timeout (retry with the same --nonce)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm publish orders '{\"item\": 42}' --dag-json --record-key order-7",
        "    nonce 0c55e1...                                      (stderr)",
        "    {\"bytes\":8,\"topic\":\"orders\"}",
        "  ipvm publish orders '{\"item\": 42}' --dag-json --record-key order-7 \\",
        "      --nonce 0c55e1...                # the same record: not written twice",
        "  ipvm publish greetings hello -H source=cli"})
public final class PublishCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  SubmitOptions submit;

  @Mixin
  EffectNonce nonce;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to publish to.")
  String topic;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The record's value (text; see --dag-json).")
  String value;

  @Option(names = "--dag-json", description = "VALUE is DAG-JSON (see above), not text.")
  boolean dagJson;

  @Option(names = "--record-key", paramLabel = "KEY", description = "The record's key, as text (default: none).")
  String recordKey;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME=VALUE",
      description = "A record header (repeatable; each name once).")
  List<String> headers = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    // Everything the user typed is checked before the broker is contacted.
    submit.check(spec.commandLine());
    Ipld.Map.Builder args = Ipld.Map.builder().put("topic", topic).put("value", value());
    if (recordKey != null) {
      args.put("key", recordKey);
    }
    TreeMap<String, Ipld> headerMap = headers(headers);
    if (!headerMap.isEmpty()) {
      args.put("headers", Ipld.Map.of(headerMap));
    }
    byte[] nonceBytes = nonce.bytes();
    if (submit.key() != null && !Files.exists(submit.key())) {
      // --key names the signer here as everywhere; say so, as a record key is an easy guess
      throw new CommandLine.ParameterException(spec.commandLine(), "no such key file: " + submit.key()
          + " (-k/--key is the signing key; the record's key is --record-key)");
    }
    return Submission.effect(submit, dev.ipvm.task.Command.KAFKA_PUBLISH, args.build(), nonceBytes,
        nonce.given(), Submission.DAG_JSON);
  }

  private Ipld value() {
    if (!dagJson) {
      return Ipld.text(value);
    }
    try {
      return DagJson.decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VALUE is not valid DAG-JSON (--dag-json): " + e.getMessage());
    }
  }

  private TreeMap<String, Ipld> headers(List<String> given) {
    TreeMap<String, Ipld> out = new TreeMap<>();
    for (String h : given) {
      int eq = h.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "-H must be NAME=VALUE, got '" + h + "'");
      }
      if (out.put(h.substring(0, eq), Ipld.text(h.substring(eq + 1))) != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "-H " + h.substring(0, eq) + " is given twice");
      }
    }
    return out;
  }
}
