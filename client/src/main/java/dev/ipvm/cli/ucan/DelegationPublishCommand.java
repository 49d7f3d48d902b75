package dev.ipvm.cli.ucan;

import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Publishing;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ipvm delegation publish}: put delegations where the job finds them by CID. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {"Publish delegations to the delegations topic, keyed by CID.",
        "The topic is compacted; each CID is printed. The job then finds the delegations when an invocation's prf "
            + "names them, without ucan-proof headers (run, http and publish take --proofs-published).",
        "Each file must be a delegation whose signature verifies."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm delegation publish executor-alice.cbor",
        "  ipvm run bafkrei... --fun add 1 2 \\",
        "      --proof executor-alice.cbor --proofs-published"})
final class DelegationPublishCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Delegation envelopes (DAG-CBOR).")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    List<Signed<Delegation>> delegations = new ArrayList<>();
    for (Path file : files) {
      Signed<Delegation> d;
      try {
        d = Delegation.decode(Streams.read(file));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " is not a delegation: " + e.getMessage());
      }
      Optional<UcanException> bad = d.signatureProblem();
      if (bad.isPresent()) {
        throw new IllegalArgumentException(file + " does not verify: " + bad.get().getMessage());
      }
      delegations.add(d);
    }
    String topic = kafka.topics().delegations();
    Kafka.check(kafka, topic);
    try (KafkaProducer<String, byte[]> producer = Kafka.producer(kafka.bootstrap())) {
      Publishing.sendAll(producer, delegations.stream()
          .map(d -> new ProducerRecord<>(topic, d.cid().toString(), d.bytes())).toList(), kafka.bootstrap());
    }
    delegations.forEach(d -> System.out.println(d.cid()));
    return 0;
  }
}
