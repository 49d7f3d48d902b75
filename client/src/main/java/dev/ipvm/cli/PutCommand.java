package dev.ipvm.cli;

import dev.ipvm.cid.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ipvm put}: publish a file as a raw block, e.g. a Wasm module that invocations link to. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = {
        "Publish a file's bytes as a raw block (codec raw, sha2-256) to the blocks",
        "topic, keyed by its CID; wait until the broker has it; print the CID.",
        "Invocations link to modules by this CID (ipvm run CID --fun ...).",
        "A block is at most 16 MiB less 4 KiB, and the blocks topic must accept it:",
        "max.message.bytes=16777216, which the job sets when it creates its topics."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm put functions/src/main/resources/samples/math.wasm",
        "    bafkrei...",
        "  ipvm run bafkrei... --fun add 1 2",
        "  ipvm put --bootstrap kafka:9092 --topic-prefix staging. image.wasm"})
final class PutCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to publish.")
  Path file;

  @Override
  public Integer call() throws Exception {
    Kafka.checkBlockSize(Files.size(file), file.toString());
    byte[] bytes = Files.readAllBytes(file);
    String topic = kafka.topics().blocks();
    Kafka.check(kafka, topic);
    Cid cid;
    try (KafkaProducer<String, byte[]> producer = Kafka.producer(kafka.bootstrap)) {
      cid = Kafka.publishBlock(producer, topic, bytes, kafka.bootstrap);
    }
    System.out.println(cid);
    return 0;
  }
}
