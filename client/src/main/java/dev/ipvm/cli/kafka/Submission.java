package dev.ipvm.cli.kafka;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.signing.ProofFiles;
import dev.ipvm.cli.signing.ProofOptions;
import dev.ipvm.cli.signing.UserKey;
import dev.ipvm.cli.terminal.ReceiptText;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Command;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One signed invocation, start to end: the shared core of {@code ipvm run}, {@code http} and
 * {@code publish}. It publishes the blocks the invocation links, then the invocation keyed by its
 * Task ID; waits for the receipt keyed by the invocation CID, reading committed records from the
 * receipts topic's end taken before publishing (so the receipt cannot be missed); checks the
 * receipt's signature and that it ran this invocation; and prints it.
 *
 * <p>Standard error: {@code nonce <hex>} first for an effect (so that the user can run the very
 * same effect again, and it will not run twice), then {@code invocation <CID>  task <CID>  <how>}
 * and, for an error receipt, {@code error: <name>: <message>}. Standard output: the ok value as
 * the {@link Printer} prints it, or with {@code --json} the whole receipt payload.
 */
public final class Submission {
  /** Exit code: no receipt within {@code --timeout}. */
  public static final int EXIT_TIMEOUT = 3;

  private Submission() {}

  /** How a command shows a receipt's outcome. */
  public interface Printer {
    /** Shows an ok value (not called with {@code --json}). */
    void ok(Ipld value);

    /** Shows more of an error, after the {@code error:} line; nothing by default. */
    default void error(Outcome.Error error) {}
  }

  /** The ok value as one line of DAG-JSON. */
  public static final Printer DAG_JSON = value -> System.out.println(DagJson.encodeToString(value));

  /**
   * Submits an effect: checks {@code args} as the job will (bad input names the command), signs
   * the invocation with the user's key and {@code nonce}, and {@link #submit}s it.
   *
   * @param nonceGiven whether the user gave the nonce ({@code --nonce}) rather than a random one
   */
  public static int effect(SubmitOptions options, Command cmd, Ipld.Map args, byte[] nonce, boolean nonceGiven,
      Printer printer) throws IOException {
    try {
      cmd.check(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + cmd.path() + " request: " + e.getMessage());
    }
    Signer signer = UserKey.signer(options.key);
    ProofFiles proofs = options.proof().read();
    Invocation.Builder b = Invocation.builder()
        .iss(signer.did().toString())
        .cmd(cmd.path())
        .args(args)
        .nonce(nonce)
        .iat(Instant.now().getEpochSecond());
    ProofOptions.apply(b, proofs);
    return submit(options.delivery, Signed.sign(signer, b.build()), List.of(), nonceGiven, printer);
  }

  /**
   * Publishes {@code blocks} (raw blocks keyed by their CID) and then {@code signed}, waits for
   * its receipt and prints it.
   *
   * @return the exit code: 0 ok; 1 an error receipt or one that does not verify; 3 no receipt
   *     within the timeout
   */
  public static int submit(SubmitOptions options, Signed<Invocation> signed, List<byte[]> blocks, Printer printer) {
    return submit(options.delivery, signed, blocks, false, printer);
  }

  /** {@link #submit(SubmitOptions, Signed, List, Printer)} of an envelope signed elsewhere. */
  public static int submit(DeliveryOptions options, Signed<Invocation> signed, Printer printer) {
    return submit(options, signed, List.of(), false, printer);
  }

  private static int submit(DeliveryOptions options, Signed<Invocation> signed, List<byte[]> blocks, boolean nonceGiven,
      Printer printer) {
    RoundTripTimes times = RoundTripTimes.start();
    KafkaOptions kafka = options.kafka;
    Topics topics = kafka.topics();
    ProofFiles proofs;
    try {
      proofs = options.proof.read();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String bootstrap = kafka.bootstrap;
    times.mark("start");
    Kafka.probe(bootstrap);
    Cid invocation = signed.cid();
    Cid task = signed.payload().taskId();
    boolean effect = Command.of(signed.payload().cmd()).map(Command::effect).orElse(false);
    String nonce = HexFormat.of().formatHex(signed.payload().nonce());
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(bootstrap);
        KafkaProducer<String, byte[]> producer = Kafka.producer(bootstrap)) {
      if (blocks.isEmpty()) {
        Kafka.check(consumer, kafka, topics.invocations(), topics.receipts());
      } else {
        Kafka.check(consumer, kafka, topics.invocations(), topics.receipts(), topics.blocks());
      }
      // Where the receipt can land is fixed before anything is published, so it cannot be missed.
      TopicReads.followFromEnd(consumer, topics.receipts());
      times.mark("connect");
      for (byte[] block : blocks) {
        Publishing.publishBlock(producer, topics.blocks(), block, bootstrap);
      }
      if (effect) {
        // Before sending: if the send or the wait fails, the user still has what a safe retry needs.
        System.err.println("nonce " + nonce);
        System.err.flush();
      }
      var record = Publishing.invocationRecord(topics.invocations(), signed);
      options.proof.attach(record, proofs); // where the job finds the prf delegations
      Publishing.send(producer, record, bootstrap);
      times.mark("publish");

      ConsumerRecord<String, byte[]> found = await(consumer, invocation.toString(), options.timeoutSeconds);
      times.mark("receipt");
      if (found == null) {
        System.err.println("ipvm: no receipt for invocation " + invocation + " (task " + task + ") within "
            + options.timeoutSeconds + " s. Receipts appear only after the job's next checkpoint: check that the job"
            + " runs (`ipvm dev`) and reads " + topics.invocations() + " on " + bootstrap
            + ", or wait longer with --timeout"
            + (effect ? ". To retry without the effect running twice, pass the same nonce: --nonce " + nonce : ""));
        return EXIT_TIMEOUT;
      }
      int code = report(found, invocation, task, effect && nonceGiven, options.json, printer);
      times.mark("report");
      times.print(System.err);
      return code;
    }
  }

  /** The first committed record keyed by the invocation CID, or null when the time is up. */
  private static ConsumerRecord<String, byte[]> await(KafkaConsumer<String, byte[]> consumer, String invocation,
      long timeoutSeconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
        if (invocation.equals(r.key())) {
          return r;
        }
      }
    }
  }

  /** @param nonceGiven an effect whose nonce the user gave: its outcome is the one recorded for it */
  private static int report(ConsumerRecord<String, byte[]> record, Cid invocation, Cid task, boolean nonceGiven,
      boolean json, Printer printer) {
    CheckedReceipt checked = CheckedReceipt.check(record.value(), invocation);
    if (!checked.valid()) {
      System.err.println("ipvm: " + checked.sentence());
      return 1;
    }
    Signed<Receipt> signed = checked.signed();
    Receipt receipt = signed.payload();
    System.err.println("invocation " + invocation + "  task " + task + "  " + ReceiptText.how(receipt));
    if (json) {
      System.out.println(DagJson.encodeToString(signed.envelope().payload()));
    } else if (receipt.out() instanceof Outcome.Ok ok) {
      printer.ok(ok.value());
    }
    if (receipt.out() instanceof Outcome.Error e) {
      System.err.println("error: " + e.name() + ": " + e.message());
      if (!json) {
        printer.error(e);
      }
      String hint = retryHint(nonceGiven);
      if (hint != null) {
        System.err.println(hint);
      }
      return 1;
    }
    return 0;
  }

  /**
   * What to say after an effect's error receipt: only when the user gave the nonce (--nonce) is
   * it worth saying that the same nonce gets the same recorded error; without --nonce, running
   * the command again is already a new effect.
   */
  static String retryHint(boolean nonceGiven) {
    // the job journals every outcome: retrying with this nonce would only replay the error
    return nonceGiven ? "ipvm: this outcome is recorded for the nonce; to try again, leave --nonce out (a new"
        + " nonce is a new effect)" : null;
  }
}
