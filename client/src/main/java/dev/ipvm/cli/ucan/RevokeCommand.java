package dev.ipvm.cli.ucan;

import dev.ipvm.cli.kafka.EffectNonce;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Publishing;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.signing.ProofFiles;
import dev.ipvm.cli.signing.UserKey;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.authority.Revocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm revoke}: take a delegation back, from this moment on, wherever the job reads it. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke a delegation: the job refuses invocations that use it.",
        "It signs a /ucan/revoke invocation naming the delegation and publishes it to the compacted revocations "
            + "topic (keyed by the revoked CID), with the delegation in a ucan-proof header. From the moment the job "
            + "reads it, every invocation whose proofs include that delegation gets a Revoked receipt.",
        "The signer (--key) must have issued the delegation, or one above it: then give the chain from your "
            + "delegation down to it with --proof, in order.",
        "Revocation cannot be undone. Prints the revoked CID and the revocation's."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm revoke --key executor.pem executor-alice.cbor",
        "  ipvm revoke --key executor.pem --proof executor-alice.cbor alice-bob.cbor"})
public final class RevokeCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = {"The revoker's key (PKCS#8 PEM).", "Default: $IPVM_HOME/user.pem."})
  Path key;

  @Option(names = "--proof", paramLabel = "FILE",
      description = "A delegation above the revoked one, from yours down; repeat it for a longer chain.")
  List<Path> proofs = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "DELEGATION", description = "The delegation to revoke (DAG-CBOR file).")
  Path delegation;

  @Override
  public Integer call() throws Exception {
    Signed<Delegation> revoked;
    try {
      revoked = Delegation.decode(Streams.read(delegation));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(delegation + " is not a delegation: " + e.getMessage());
    }
    List<Signed<Delegation>> chain = new ArrayList<>(ProofFiles.read(proofs).delegations());
    if (!chain.isEmpty()) {
      chain.add(revoked); // prf runs from the revoker's delegation down to the revoked one
    }
    Signer signer = UserKey.signer(key);
    Signed<Invocation> rev = Signed.sign(signer, Revocation.builder(signer.did().toString(), revoked.cid(),
        chain.stream().map(Signed::cid).toList()).nonce(EffectNonce.random()).build());
    // the job would refuse it; say why here, before anything is published
    try {
      Revocation.check(rev, cid -> cid.equals(revoked.cid()) ? Optional.of(revoked)
          : chain.stream().filter(d -> d.cid().equals(cid)).findFirst());
    } catch (Revocation.Invalid e) {
      throw new IllegalArgumentException("the job would not honour this revocation: " + e.getMessage());
    }
    String topic = kafka.topics().revocations();
    Kafka.check(kafka, topic);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, revoked.cid().toString(), rev.bytes());
    record.headers().add(Headers.PROOF, revoked.bytes());
    for (Signed<Delegation> d : chain.subList(0, Math.max(0, chain.size() - 1))) {
      record.headers().add(Headers.PROOF, d.bytes());
    }
    try (KafkaProducer<String, byte[]> producer = Kafka.producer(kafka.bootstrap())) {
      Publishing.send(producer, record, kafka.bootstrap());
    }
    System.out.println("revoked " + revoked.cid() + " by revocation " + rev.cid());
    return 0;
  }
}
