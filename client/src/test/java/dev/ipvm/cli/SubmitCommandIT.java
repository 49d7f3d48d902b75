package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.topic.Topics;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm submit}: an envelope signed by {@code ipvm invocation new} (another process, as it
 * would be another tool) published as is and answered; a tampered one refused before publishing.
 */
class SubmitCommandIT {
  @TempDir
  Path dir;
  @RegisterExtension
  final FakeExecutors executors = new FakeExecutors();

  /** A signed add(20, 22) of the sample module, which is published to {@code t}'s blocks. */
  Path envelope(Topics t, String name) throws Exception {
    Path key = dir.resolve("me.pem");
    Signer.generate().save(key);
    Path out = dir.resolve(name);
    String math = "../functions/src/main/resources/samples/math.wasm";
    String cid = ipvm(t, "put", math).text().strip();
    CliTest.Result made = CliTest.run("", "invocation", "new", "--key", key.toString(), "--cmd", "/wasm/run",
        "--empty-nonce", "--args", "{\"mod\":{\"/\":\"" + cid + "\"},\"fun\":\"add\",\"params\":[20,22]}",
        "--out", out.toString());
    assertThat(made.code()).as(made.err()).isZero();
    return out;
  }

  @Test
  void submitPublishesTheEnvelopeAsIsAndPrintsTheResult() throws Exception {
    Topics t = TestDeployment.freshTopics("u", 1);
    FakeExecutor executor = executors.start(t);
    Path file = envelope(t, "add.cbor");

    CliTest.Result r = ipvm(t, "submit", file.toString(), "--timeout", "20");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo("42" + System.lineSeparator());
    assertThat(executor.received).hasSize(1);
    assertThat(executor.received.get(0).bytes()).isEqualTo(Files.readAllBytes(file));
    assertThat(r.err()).startsWith("invocation " + executor.received.get(0).cid());
  }

  @Test
  void theDagJsonFormOfTheEnvelopeIsTheSameInvocation() throws Exception {
    Topics t = TestDeployment.freshTopics("u", 1);
    FakeExecutor executor = executors.start(t);
    Path cbor = envelope(t, "add.cbor");
    Path json = dir.resolve("add.json");
    Files.write(json, DagJson.encode(DagCbor.decode(Files.readAllBytes(cbor))));

    CliTest.Result r = ipvm(t, "submit", json.toString(), "--timeout", "20");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(executor.received.get(0).cid()).isEqualTo(Invocation.decode(Files.readAllBytes(cbor)).cid());
  }

  @Test
  void aTamperedEnvelopeIsRefusedBeforeAnythingIsPublished() throws Exception {
    Topics t = TestDeployment.freshTopics("u", 1);
    FakeExecutor executor = executors.start(t);
    byte[] bytes = Files.readAllBytes(envelope(t, "add.cbor"));
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("add", "sub");
    Path tampered = dir.resolve("tampered.cbor");
    Files.write(tampered, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    CliTest.Result r = ipvm(t, "submit", tampered.toString(), "--timeout", "5");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("signature does not verify");
    assertThat(TestDeployment.readAll(t.invocations(), "read_uncommitted")).isEmpty();
    assertThat(executor.received).isEmpty();
  }
}
