package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with iso-ucan, the JS UCAN 1.0 library: {@code interop/iso-ucan/invoke.mjs} builds a
 * {@code /wasm/run} invocation with iso-ucan's defaults (a fresh Ed25519 key, self-issued, no
 * audience option, so iso-ucan writes {@code aud} = the subject; its random nonce, 300 s expiry
 * and {@code ucan/inv@1.0.0-rc.1} tag) and publishes it with kafkajs; the job answers it.
 * Skipped when node or {@code interop/iso-ucan/node_modules} ({@code deploy/tools.sh}) is missing.
 */
class IsoUcanIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path INTEROP = ROOT.resolve("interop/iso-ucan");

  @Test
  void anInvocationWrittenWithIsoUcansDefaultsGetsItsResult(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(nodeWorks(dir), "node is not installed: the iso-ucan interop test is skipped");
    Assumptions.assumeTrue(Files.isDirectory(INTEROP.resolve("node_modules/iso-ucan")),
        "interop/iso-ucan/node_modules is missing (deploy/tools.sh runs npm ci there): the iso-ucan interop test is skipped");

    Path math = dir.resolve("math.wasm");
    Files.write(math, JobHarness.sample("math.wasm"));
    try (JobHarness h = new JobHarness().start();
        JobHarness.Reader receipts = h.reader(h.topics.receipts());
        JobHarness.Reader invocations = h.reader(h.topics.invocations())) {
      Path out = dir.resolve("invoke.out");
      Path err = dir.resolve("invoke.err");
      Process p = new ProcessBuilder("node", INTEROP.resolve("invoke.mjs").toString(), h.bootstrap,
          h.topics.invocations(), math.toString(), "add", "[20, 22]")
          .directory(INTEROP.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("invoke.mjs did not finish within 60 s: " + Files.readString(err));
      }
      assertThat(p.exitValue()).as("invoke.mjs exit code; stderr: %s", Files.readString(err)).isZero();
      String cid = Files.readString(out, StandardCharsets.UTF_8).trim();
      assertThat(cid).as("invoke.mjs prints the invocation's CID").matches("bafyrei[a-z2-7]+");

      // the envelope as the job saw it: iso-ucan's default audience is the subject
      Signed<Invocation> inv = null;
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (inv == null && System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : invocations.read(1, Duration.ofSeconds(1))) {
          Signed<Invocation> s = Invocation.decode(r.value());
          if (s.cid().toString().equals(cid)) {
            inv = s;
          }
        }
      }
      assertThat(inv).as("the invocation %s on the invocations topic", cid).isNotNull();
      inv.verify();
      Invocation payload = inv.payload();
      assertThat(payload.iss()).isEqualTo(payload.sub());
      assertThat(payload.aud()).as("iso-ucan writes aud = sub when no audience is given").isEqualTo(payload.sub());
      assertThat(inv.envelope().tag()).isIn("ucan/inv@1.0.0-rc.1", "ucan/inv@1.0.0");
      assertThat(payload.cmd()).isEqualTo(WasmRun.COMMAND);
      WasmRun run = WasmRun.fromArgs(payload.args());
      assertThat(run.fun()).isEqualTo("add");
      assertThat(run.params()).containsExactly(Ipld.integer(20), Ipld.integer(22));

      List<ConsumerRecord<byte[], byte[]>> got = receipts.receiptsFor(List.of(cid), Duration.ofSeconds(60),
          Duration.ofSeconds(1));
      assertThat(got).as("exactly one receipt for %s", cid).hasSize(1);
      Signed<Receipt> receipt = JobHarness.receipt(got.get(0)); // verifies the signature
      assertThat(receipt.payload().iss()).as("signed by the executor").isEqualTo(h.executor.did().toString());
      assertThat(receipt.payload().ran()).isEqualTo(inv.cid());
      assertThat(receipt.payload().out()).isEqualTo(new Outcome.Ok(Ipld.integer(42)));
    }
  }

  private static boolean nodeWorks(Path dir) {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true)
          .redirectOutput(dir.resolve("node-version").toFile()).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
