package dev.ipvm.cli.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.CheckedReceipt;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Publishing;
import dev.ipvm.cli.kafka.TopicReads;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.cli.signing.ProofFiles;
import dev.ipvm.cli.signing.ProofOptions;
import dev.ipvm.cli.signing.UserKey;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.workflow.ResolvedWorkflow;
import dev.ipvm.workflow.WorkflowDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipvm workflow run}: run every task of a workflow document and wait for all receipts. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Run a workflow document's tasks and wait for their receipts.",
        "",
        "It resolves a workflow document (see 'ipvm workflow --help'), publishes its Wasm module files as blocks, signs "
            + "every task as an invocation (/wasm/run, or the task's cmd), publishes them to the invocations topic "
            + "keyed by Task ID (awaited tasks first), then follows the receipts topic (read_committed, from its end "
            + "before publishing) until every task has its receipt, checking each receipt's signature, or --timeout "
            + "passes.",
        "A Homestar task may await an Instruction CID that no task of the document has: a task an earlier workflow "
            + "ran (Homestar's two-part workflows). Its Task ID is looked up on the invocations topic (each Homestar "
            + "task's invocation carries its Instruction CID in meta.instruction); one not found there is an error "
            + "before anything is published.",
        "The iat of each invocation is now, in seconds: a run in a later second has new invocation CIDs but the same "
            + "Task IDs, except for effect tasks without a nonce, which get a new random nonce on every run, and the "
            + "tasks awaiting them.",
        "",
        "Progress (standard error): a line per task, 'TASK  STATE', redrawn in place when standard error is a "
            + "terminal, else a line per change (--progress). The states:",
        "  waiting                 it awaits a task of this workflow with no receipt yet",
        "  running                 no receipt yet, and every task it awaits has one",
        "  ok                      the task ran",
        "  memo hit                answered from the memo (meta.memo, no meta.coalesced)",
        "  ok (coalesced)          shared a run of the same Task ID (meta.coalesced)",
        "  ok (replay)             an effect's recorded outcome: it did not run again",
        "                          (meta.replay: its Task ID, i.e. its nonce, was seen)",
        "  error NAME: MESSAGE     an error receipt (AwaitMismatch, OutOfFuel, ...)",
        "  invalid receipt: WHY    the receipt does not verify or did not run this task",
        "A summary line follows: '3/5 done, 1 running, 1 waiting, 12.3 s'. A task without a name is shown as #N (its "
            + "position, from 1).",
        "",
        "Outputs (standard output, at the end), one line per task in document order:",
        "  TASK: VALUE                  the value as DAG-JSON",
        "  TASK: written to DIR/TASK.EXT (N bytes)",
        "  TASK: error NAME: MESSAGE",
        "  TASK: invalid receipt: WHY",
        "  TASK: no receipt",
        "A value that is bytes, or longer than 1024 characters of DAG-JSON, is written to a file in --out DIR "
            + "(default ./FILE.out, FILE's name without its extension): TASK.ppm for bytes starting with 'P6' (a PPM "
            + "image), TASK.bin for other bytes, TASK.json (DAG-JSON) for other values; #N tasks are written as N.EXT.",
        "",
        "With --json, instead of progress and outputs, one JSON object is printed, tasks in document order:",
        "  {\"tasks\": [{\"name\": \"crop\" (null without a name), \"taskId\": \"bafyrei...\",",
        "              \"invocation\": \"bafyrei...\", \"status\": \"ok\"|\"error\"|\"timeout\",",
        "              \"memo\": false, \"coalesced\": false, \"replay\": false,",
        "              \"nonce\": \"HEX\" (effect tasks: pin it to run the same effect),",
        "              \"receipt\": {the receipt payload as DAG-JSON},",
        "              \"file\": \"DIR/crop.ppm\", \"invalid\": \"WHY\"}, ...],",
        "   \"seconds\": 1.234}",
        "Absent: \"receipt\" on timeout, \"file\" when no file was written, \"invalid\" unless the receipt does not "
            + "verify (status \"error\"), \"nonce\" for tasks that are not effects.",
        "",
        "Exit codes: 0 every task succeeded; 1 a task failed (an error receipt or a receipt that does not verify) or "
            + "bad input; 2 usage; 3 some task had no receipt within --timeout (standard error names them)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm workflow run pipeline.json",
        "    crop    ok",
        "    rotate  ok",
        "    2/2 done, 0 running, 0 waiting, 2.4 s",
        "    crop: written to pipeline.out/crop.ppm (36878 bytes)",
        "    rotate: written to pipeline.out/rotate.ppm (36878 bytes)",
        "  ipvm workflow run pipeline.json               # again: memo hit for each task",
        "  ipvm workflow run pipeline.json --json | jq -r '.tasks[].status'",
        "  ipvm workflow run pipeline.json --out images --timeout 60 --progress lines"})
public final class WorkflowRunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The workflow document (DAG-JSON).")
  Path file;

  @Option(names = "--json", description = "Print one JSON object at the end (see above) instead of progress and outputs.")
  boolean json;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = {"Folder for values written to files.", "Default: FILE.out, FILE's name without its extension."})
  Path out;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for every receipt (default ${DEFAULT-VALUE}); then exit 3.")
  long timeoutSeconds;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (default: in place on a terminal, else lines), ansi, lines or none.")
  String progressMode;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE",
      description = {UserKey.HELP, UserKey.HELP_DEFAULT})
  Path key;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  ProofOptions proof;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeoutSeconds);
    }
    WorkflowProgress.Mode mode;
    try {
      mode = WorkflowProgress.Mode.valueOf(progressMode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--progress must be auto, ansi, lines or none, got '" + progressMode + "'");
    }
    WorkflowDocument doc = WorkflowDocument.read(file);
    Signer signer = UserKey.signer(key);
    ProofFiles proofs = proof.read();
    String subject = ProofOptions.subject(proofs); // every task is on the proofs' subject, or the signer's own
    String did = subject != null ? subject : signer.did().toString();
    Path outDir = out != null ? out : defaultOut(file);

    Topics topics = kafka.topics();
    String bootstrap = kafka.bootstrap();
    ResolvedWorkflow resolved;
    if (doc.externalInstructions().isEmpty()) {
      resolved = doc.resolve(did);
    } else { // awaits of instructions that earlier workflows ran: their Task IDs are on the invocations topic
      Kafka.check(kafka, topics.invocations());
      try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(bootstrap)) {
        resolved = doc.resolve(did,
            InstructionLookup.find(consumer, topics.invocations(), bootstrap, doc.externalInstructions(), did));
      }
    }
    Map<Cid, byte[]> modules = resolved.modules();
    Kafka.probe(bootstrap);
    WorkflowRun run = new WorkflowRun(resolved);
    List<WorkflowRun.Slot> slots = run.slots();
    WorkflowProgress progress = new WorkflowProgress(System.err, json ? WorkflowProgress.Mode.NONE : mode,
        slots.stream().map(WorkflowRun.Slot::label).toList());
    long start;
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(bootstrap);
        KafkaProducer<String, byte[]> producer = Kafka.producer(bootstrap)) {
      if (modules.isEmpty()) {
        Kafka.check(consumer, kafka, topics.invocations(), topics.receipts());
      } else {
        Kafka.check(consumer, kafka, topics.invocations(), topics.receipts(), topics.blocks());
      }
      // Where the receipts can land is fixed before anything is published, so none can be missed.
      TopicReads.followFromEnd(consumer, topics.receipts());
      start = System.nanoTime();
      for (byte[] module : modules.values()) {
        Publishing.publishBlock(producer, topics.blocks(), module, bootstrap);
      }
      // Identical tasks sign to identical invocations: published once, the receipt answers each.
      Map<String, List<WorkflowRun.Slot>> byInvocation = new LinkedHashMap<>();
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      long iat = Instant.now().getEpochSecond();
      for (ResolvedWorkflow.ResolvedTask t : resolved.order()) {
        WorkflowRun.Slot slot = slots.get(t.task().index());
        slot.signed = Signed.sign(signer, subject == null ? t.invocation(iat)
            : t.invocation(iat, signer.did().toString(), proofs.cids()));
        List<WorkflowRun.Slot> same = byInvocation.computeIfAbsent(slot.signed.cid().toString(), k -> new ArrayList<>());
        same.add(slot);
        if (same.size() == 1) {
          ProducerRecord<String, byte[]> record = Publishing.invocationRecord(topics.invocations(), slot.signed);
          proof.attach(record, proofs);
          records.add(record);
        }
      }
      Publishing.sendAll(producer, records, bootstrap);
      follow(consumer, byInvocation, run, progress, start);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    List<String> files = WorkflowOutputs.writeFiles(slots, outDir);
    if (json) {
      System.out.println(WorkflowReport.json(run, files, seconds));
    } else {
      for (int i = 0; i < slots.size(); i++) {
        System.out.println(slots.get(i).label() + ": " + WorkflowOutputs.text(slots.get(i), files.get(i)));
      }
    }
    System.out.flush();

    List<WorkflowRun.Slot> missing = run.missing();
    boolean failed = run.failed();
    if (!missing.isEmpty()) {
      List<String> named = missing.stream().map(s -> s.label() + " (task " + s.task.taskId() + ")").toList();
      System.err.println("ipvm: no receipt within " + timeoutSeconds + " s for " + missing.size() + " of " + slots.size()
          + " tasks: " + String.join(", ", named) + ". Receipts appear only after the job's next checkpoint: check"
          + " that the job runs (`ipvm dev`) and reads " + topics.invocations() + " on " + bootstrap
          + ", or wait longer with --timeout");
    }
    return failed ? 1 : missing.isEmpty() ? 0 : Submission.EXIT_TIMEOUT;
  }

  /** Reads receipts until every task has one or the time is up, updating the progress. */
  private void follow(KafkaConsumer<String, byte[]> consumer, Map<String, List<WorkflowRun.Slot>> byInvocation,
      WorkflowRun run, WorkflowProgress progress, long start) {
    long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
    int left = byInvocation.size();
    progress.update(run.states(), run.summary(start), false);
    while (left > 0) {
      long now = System.nanoTime();
      if (now >= deadline) {
        break;
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofNanos(Math.min(deadline - now, 100_000_000L)))) {
        List<WorkflowRun.Slot> same = r.key() == null ? null : byInvocation.get(r.key());
        if (same == null || same.get(0).receipt != null) {
          continue;
        }
        CheckedReceipt checked = CheckedReceipt.check(r.value(), same.get(0).signed.cid());
        same.forEach(s -> s.receipt = checked);
        left--;
      }
      progress.update(run.states(), run.summary(start), false);
    }
    progress.update(run.states(), run.summary(start), true);
  }

  /** {@code <FILE name without extension>.out} in the current folder. */
  public static Path defaultOut(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Path.of((dot > 0 ? name.substring(0, dot) : name) + ".out");
  }
}
