package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ucan.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of workflow documents share: a document next to math.wasm and data/in.bin, parsed
 * as {@code wf.json}, and tasks written as JSON. No broker, no key file.
 */
abstract class WorkflowDocumentFixture {
  static final Path SAMPLES = Path.of("../functions/src/main/resources/samples");
  static final String DID = Signer.fromSeed(new byte[32]).did().toString();
  static final String OTHER_DID = Signer.fromSeed(filled(32, 1)).did().toString();
  static final String TASK_ID = "bafyreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  @TempDir
  Path dir;
  byte[] math;
  Cid mathCid;

  @BeforeEach
  void samples() throws Exception {
    math = Files.readAllBytes(SAMPLES.resolve("math.wasm"));
    mathCid = Cid.of(Multicodec.RAW, math);
    Files.write(dir.resolve("math.wasm"), math);
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/in.bin"), new byte[] {1, 2, 3});
  }

  WorkflowDocument parse(String json) {
    return WorkflowDocument.parse(json.getBytes(StandardCharsets.UTF_8), dir, "wf.json");
  }

  /** A /wasm/run task of math.wasm (a file next to the document). */
  static String task(String name, String fun, String params) {
    return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
        + "\"run\": {\"mod\": \"math.wasm\", \"fun\": \"" + fun + "\", \"params\": " + params + "}}";
  }

  static String doc(String... tasks) {
    return "{\"tasks\": [" + String.join(", ", tasks) + "]}";
  }

  /** An effect task as written: {@code {"name": name, "cmd": cmd, "args": args, ...extra}}. */
  static String cmdTask(String name, String cmd, String args, String extra) {
    return "{\"name\": \"" + name + "\", \"cmd\": \"" + cmd + "\", \"args\": " + args
        + (extra == null ? "" : ", " + extra) + "}";
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
