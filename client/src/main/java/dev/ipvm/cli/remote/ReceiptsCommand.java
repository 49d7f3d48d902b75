package dev.ipvm.cli.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.TopicReads;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.terminal.ReceiptText;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.UcanException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipvm receipts}: list (and follow) the receipts topic. */
@Command(name = "receipts", mixinStandardHelpOptions = true,
    description = {
        "Print the receipts the job has committed, one per line.",
        "They are read from the receipts topic with isolation.level=read_committed (the job commits receipts at its "
            + "checkpoints). By default every receipt now in the topic is printed (in order within each partition), "
            + "then the command exits; --follow keeps printing new ones until Ctrl-C (or --count); --last N starts "
            + "with the N newest, oldest first. Each line is:",
        "  INVOCATION  task TASK  ok VALUE",
        "  INVOCATION  task TASK  error NAME: MESSAGE",
        "Here INVOCATION is the invocation's CID, TASK its Task ID and VALUE the value as DAG-JSON, with ' (memo)' "
            + "for a memo hit and '  INVALID: REASON' when the receipt's signature does not verify. Values over 200 "
            + "characters are cut.",
        "With --json each line is one JSON object (JSON Lines):",
        "  {\"invocation\": \"CID\", \"receipt\": RECEIPT}",
        "Here CID is the record key (the invocation's CID) and RECEIPT the receipt payload as DAG-JSON, plus "
            + "\"invalid\": \"REASON\" when the signature does not verify, or instead of \"receipt\" when the record is "
            + "not a receipt at all."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm receipts",
        "  ipvm receipts --last 10",
        "  ipvm receipts --follow --last 0          # only new receipts",
        "  ipvm receipts --json | jq -c .receipt.out",
        "  ipvm receipts --follow --count 1         # wait for the next receipt"})
public final class ReceiptsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new receipts until interrupted.")
  boolean follow;

  @Option(names = "--json", description = "One JSON object per receipt (see above).")
  boolean json;

  @ArgGroup(exclusive = true)
  Start start;

  static final class Start {
    @Option(names = "--from-beginning", description = "Start at the oldest receipt (the default).")
    boolean fromBeginning;

    @Option(names = "--last", paramLabel = "N", description = "Start with the N newest receipts (0: none).")
    Integer last;
  }

  @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N receipts.")
  Long count;

  private long printed;

  @Override
  public Integer call() throws Exception {
    if (start != null && start.last != null && start.last < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--last must not be negative, got " + start.last);
    }
    if (count != null && count <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be positive, got " + count);
    }
    String topic = kafka.topics().receipts();
    Kafka.check(kafka, topic);
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(kafka.bootstrap())) {
      List<TopicPartition> partitions = TopicReads.partitions(consumer, topic);
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Kafka.API_TIMEOUT);
      if (start != null && start.last != null) {
        for (ConsumerRecord<String, byte[]> r : newest(consumer, partitions, end, start.last)) {
          if (!print(r)) {
            return 0;
          }
        }
        end.forEach(consumer::seek);
      } else {
        consumer.seekToBeginning(partitions);
        if (!readUntil(consumer, end, null)) {
          return 0;
        }
      }
      while (follow) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!print(r)) {
            return 0;
          }
        }
      }
    }
    return 0;
  }

  /**
   * Reads from the current positions until every partition reaches {@code end}, printing each
   * record, or collecting those below {@code end} when {@code into} is given. False when --count
   * is reached.
   */
  private boolean readUntil(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
      List<ConsumerRecord<String, byte[]>> into) {
    return TopicReads.readUntil(consumer, end, kafka.topics().receipts(), kafka.bootstrap(), r -> {
      if (into == null) {
        return print(r); // printing: a receipt that arrived meanwhile is printed too, not skipped
      }
      if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), -1L)) {
        into.add(r);
      }
      return true;
    });
  }

  /**
   * The {@code n} newest receipts below {@code end}, oldest first. Offsets also count transaction
   * markers and aborted records, so each partition is read back further until it has n or is
   * read from its start.
   */
  private List<ConsumerRecord<String, byte[]>> newest(KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions, Map<TopicPartition, Long> end, int n) {
    if (n == 0) {
      return List.of();
    }
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Kafka.API_TIMEOUT);
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long span = 2L * n + 8;
      while (true) {
        long from = Math.max(begin.get(tp), end.get(tp) - span);
        consumer.seek(tp, from);
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        Map<TopicPartition, Long> only = new HashMap<>();
        only.put(tp, end.get(tp));
        consumer.pause(partitions.stream().filter(p -> !p.equals(tp)).toList());
        consumer.resume(List.of(tp));
        readUntil(consumer, only, got);
        if (got.size() >= n || from == begin.get(tp)) {
          all.addAll(got.subList(Math.max(0, got.size() - n), got.size()));
          break;
        }
        span *= 4;
      }
    }
    consumer.resume(partitions);
    all.sort(Comparator.comparingLong((ConsumerRecord<String, byte[]> r) -> r.timestamp())
        .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  /** Prints one record; false once --count receipts have been printed. */
  private boolean print(ConsumerRecord<String, byte[]> r) {
    String key = r.key() != null ? r.key() : "-";
    Signed<Receipt> signed = null;
    String invalid = null;
    try {
      signed = Receipt.decode(r.value());
      Optional<UcanException> problem = signed.signatureProblem();
      if (problem.isPresent()) {
        invalid = problem.get().reason().errorName() + ": " + problem.get().getMessage();
      }
    } catch (RuntimeException e) {
      invalid = "not a receipt: " + Kafka.message(e);
    }
    if (json) {
      System.out.println(jsonLine(key, signed, invalid));
    } else if (signed == null) {
      System.out.println(key + "  INVALID: " + invalid);
    } else {
      Receipt receipt = signed.payload();
      System.out.println(key + "  task " + ReceiptText.task(receipt, header(r, Headers.TASK)) + "  "
          + ReceiptText.outcome(receipt) + (invalid != null ? "  INVALID: " + invalid : ""));
    }
    System.out.flush();
    printed++;
    return count == null || printed < count;
  }

  private static String jsonLine(String key, Signed<Receipt> signed, String invalid) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("invocation", key);
      if (signed != null) {
        g.writeFieldName("receipt");
        g.writeRawValue(DagJson.encodeToString(signed.envelope().payload()));
      }
      if (invalid != null) {
        g.writeStringField("invalid", invalid);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return w.toString();
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
