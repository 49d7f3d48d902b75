package dev.ipvm.cli.admin;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.TopicReads;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.terminal.Streams;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm get}: a block back from the blocks topic, checked against its CID. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"Fetch a block by its CID, check it, and write its bytes.",
        "The block comes from the blocks topic and is checked against the CID.",
        "The blocks topic is read from its start to its current end (it is compacted: one record per CID), so the "
            + "time this takes grows with the topic. A record whose bytes do not hash to its key is skipped and "
            + "reported. Without --out the bytes go to standard output unchanged (not to a terminal)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm get bafkreifqon4y2g74nmly3wzdpklgvxgg5outijxaqnpyo3zinjz5hn52ty \\",
        "      --out math.wasm",
        "  ipvm get bafkrei... | wc -c"})
public final class GetCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "CID", description = "The block's CID.")
  String cidText;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the bytes to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Cid cid;
    try {
      cid = Cid.parse(cidText);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "not a CID: " + cidText + " (" + e.getMessage() + ")");
    }
    String topic = kafka.topics().blocks();
    Kafka.check(kafka, topic);
    byte[] found = find(cid, topic);
    if (found == null) {
      System.err.println("ipvm: no block " + cid + " on " + topic + " at " + kafka.bootstrap()
          + " (publish one with: ipvm put FILE)");
      return 1;
    }
    Streams.writeBinary(found, out);
    if (out != null) {
      System.err.println(found.length + " bytes to " + out);
    }
    return 0;
  }

  /** The newest record keyed by {@code cid} whose bytes verify, reading the topic up to its current end. */
  private byte[] find(Cid cid, String topic) {
    String key = cid.toString();
    AtomicReference<byte[]> found = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(kafka.bootstrap())) {
      TopicReads.readFromStart(consumer, topic, kafka.bootstrap(), r -> {
        if (!key.equals(r.key())) {
          return true;
        }
        if (r.value() == null) {
          found.set(null); // a tombstone: the block was removed
        } else if (cid.verifies(r.value())) {
          found.set(r.value());
        } else {
          System.err.println("ipvm: skipped a record at " + r.topic() + "/" + r.partition() + "@" + r.offset()
              + ": its bytes do not hash to " + cid);
        }
        return true;
      });
    }
    return found.get();
  }
}
