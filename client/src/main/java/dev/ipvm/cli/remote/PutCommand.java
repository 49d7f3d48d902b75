package dev.ipvm.cli.remote;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Publishing;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.unixfs.UnixFs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ipvm put}: publish a file as a raw block, e.g. a Wasm module that invocations link to. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = {
        "Publish a file as a raw block, keyed by its CID.",
        "The file's bytes (codec raw, sha2-256) go to the blocks topic, keyed by their CID; the command waits until "
            + "the broker has them and prints the CID. Invocations link to modules by this CID (ipvm run CID --fun ...).",
        "A block is at most 16 MiB less 4 KiB, and the blocks topic must accept it: the job creates its topics "
            + "with max.message.bytes=16777216.",
        "On standard error, 'unixfs CID' is the CID that 'ipfs add --cid-version 1' gives the file (262144-byte raw "
            + "chunks under dag-pb nodes); for a file of more than one chunk its blocks are published to the blocks "
            + "topic too. A file of one chunk is its raw block, so both lines name the same CID."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm put functions/src/main/resources/samples/math.wasm",
        "    bafkrei...",
        "    unixfs bafkrei... (one chunk: the raw block itself)   (stderr)",
        "  ipvm run bafkrei... --fun add 1 2",
        "  ipvm put --bootstrap kafka:9092 --topic-prefix staging. image.wasm"})
public final class PutCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to publish.")
  Path file;

  @Override
  public Integer call() throws Exception {
    Publishing.checkBlockSize(Files.size(file), file.toString());
    byte[] bytes = Files.readAllBytes(file);
    String topic = kafka.topics().blocks();
    Kafka.check(kafka, topic);
    Cid cid;
    Cid unixfs;
    try (KafkaProducer<String, byte[]> producer = Kafka.producer(kafka.bootstrap())) {
      cid = Publishing.publishBlock(producer, topic, bytes, kafka.bootstrap());
      if (bytes.length <= UnixFs.CHUNK_SIZE) {
        unixfs = UnixFs.importFile(new ByteArrayInputStream(bytes), block -> {});
      } else {
        // children before parents, so whoever sees the root finds its links already there
        unixfs = UnixFs.importFile(new ByteArrayInputStream(bytes), block -> Publishing.send(producer,
            new ProducerRecord<>(topic, block.cid().toString(), block.bytes()), kafka.bootstrap()));
      }
    }
    System.out.println(cid);
    // stderr, so that stdout stays the one CID that scripts capture: CID=$(ipvm put FILE)
    System.err.println("unixfs " + unixfs + (unixfs.equals(cid) ? " (one chunk: the raw block itself)" : ""));
    return 0;
  }
}
