package dev.ipvm.bench.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobOptions;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memo savepoint written with the State Processor API (2.2.0) is one the job (2.2.1) restores
 * and answers from: each bootstrapped Task ID gets a memo-hit receipt carrying the bootstrapped
 * value (deliberately not what add would compute) and naming the bootstrapped receipt, while the
 * filler entries beside them change nothing.
 */
class MemoSavepointIT {
  @TempDir
  Path dir;

  @Test
  void theJobAnswersFromABootstrappedMemo() throws Exception {
    Signer user = Signer.generate();
    Signer executor = Signer.generate();
    List<Signed<Invocation>> invocations = MemoJob.invocations(user, 3);
    Map<Cid, byte[]> entries = new LinkedHashMap<>();
    Map<String, Cid> receiptOf = new LinkedHashMap<>();
    for (int i = 0; i < invocations.size(); i++) {
      Cid task = invocations.get(i).payload().taskId();
      Cid receipt = Cid.of(Multicodec.DAG_CBOR, ("bootstrapped " + i).getBytes(StandardCharsets.UTF_8));
      entries.put(task, MemoSavepoint.entry(task, Ipld.integer(1000 + i), receipt));
      receiptOf.put(invocations.get(i).cid().toString(), receipt);
    }
    String savepoint = dir.resolve("savepoint").toUri().toString();
    MemoSavepoint.write(savepoint, entries, 500, JobOptions.MEMO_TTL.defaultValue(), 2);

    Topics topics = Topics.DEFAULT.prefixed("memo-savepoint.");
    try (MemoJob job = MemoJob.start(TestBroker.bootstrap(), topics, executor, savepoint, dir, 2,
        Duration.ofMillis(300))) {
      MemoJob.Answered answered = job.answer(invocations, Duration.ofMinutes(3));
      assertThat(answered.receipts()).hasSize(3);
      for (int i = 0; i < invocations.size(); i++) {
        String invocation = invocations.get(i).cid().toString();
        Signed<Receipt> signed = answered.receipts().get(invocation);
        assertThat(signed.signatureProblem()).as("signed by the executor").isEmpty();
        Receipt receipt = signed.payload();
        assertThat(receipt.iss()).isEqualTo(executor.did().toString());
        assertThat(receipt.out()).isEqualTo(new Outcome.Ok(Ipld.integer(1000 + i)));
        assertThat(receipt.meta().get("memo")).isEqualTo(Ipld.link(receiptOf.get(invocation)));
      }
    }
  }
}
