package dev.ipvm.cli.signing;

import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Option;

/**
 * {@code --proof} and {@code --proofs-published}: the delegations that give an invocation its
 * authority, shared by the commands that sign invocations and send them ({@code run}, {@code http},
 * {@code publish}, {@code workflow run}).
 */
public final class ProofOptions {
  @Option(names = "--proof", paramLabel = "FILE",
      description = "A delegation file proving your authority (`ipvm delegation new`); repeat it for a chain, "
          + "root first: the invocation's prf lists them, its subject is the root's, and each is sent along "
          + "in a ucan-proof record header.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--proofs-published",
      description = "The --proof delegations are on the delegations topic already (`ipvm delegation publish`): "
          + "the invocation names them by CID and the record carries no ucan-proof headers.")
  boolean published;

  /** The delegations given with {@code --proof}, read. */
  public ProofFiles read() throws IOException {
    return ProofFiles.read(files);
  }

  /**
   * The subject the proofs give authority over: the root delegation's; null without proofs (then
   * the signer acts on itself).
   */
  public static String subject(ProofFiles p) {
    if (p.delegations().isEmpty()) {
      return null;
    }
    String sub = p.delegations().get(0).payload().sub();
    if (sub == null) {
      throw new IllegalArgumentException("--proof " + p.files().get(0) + " is a powerline delegation (no subject): "
          + "the first proof must name the subject");
    }
    return sub;
  }

  /** Sets the subject and {@code prf} of an invocation from the proofs (none: unchanged). */
  public static void apply(Invocation.Builder b, ProofFiles p) {
    String sub = subject(p);
    if (sub != null) {
      b.sub(sub).prf(p.cids());
    }
  }

  /** Adds the delegations to a record as {@code ucan-proof} headers, unless they were published. */
  public void attach(ProducerRecord<String, byte[]> record, ProofFiles p) {
    if (published) {
      return; // the job finds them by CID on the delegations topic
    }
    for (Signed<Delegation> d : p.delegations()) {
      record.headers().add(dev.ipvm.topic.Headers.PROOF, d.bytes());
    }
  }
}
