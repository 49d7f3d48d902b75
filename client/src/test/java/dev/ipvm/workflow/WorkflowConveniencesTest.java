package dev.ipvm.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's conveniences in a workflow document: module files, data: URIs, file params, nonce and meta. */
class WorkflowConveniencesTest extends WorkflowDocumentFixture {
  @Test
  void aModFileIsLinkedByItsCidRelativeToTheDocument() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("wf"));
    Files.writeString(sub.resolve("wf.json"), doc(
        "{\"name\": \"a\", \"run\": {\"mod\": \"../math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}}",
        "{\"name\": \"b\", \"run\": {\"mod\": {\"/\": \"" + mathCid + "\"}, \"fun\": \"add\", \"params\": [1, 2]}}",
        "{\"name\": \"c\", \"run\": {\"mod\": \"" + dir.resolve("math.wasm") + "\", \"fun\": \"fib\"}}"));
    WorkflowDocument wf = WorkflowDocument.read(sub.resolve("wf.json"));
    assertThat(wf.tasks().get(0).module()).isInstanceOf(ModuleSource.File.class);
    assertThat(((ModuleSource.File) wf.tasks().get(0).module()).cid()).isEqualTo(mathCid);
    assertThat(wf.tasks().get(1).module()).isEqualTo(new ModuleSource.Linked(mathCid));
    ResolvedWorkflow r = wf.resolve(DID);
    // a file and the link to its block are the same task
    assertThat(r.tasks().get(0).taskId()).isEqualTo(r.tasks().get(1).taskId());
    assertThat(r.tasks().get(0).args().get("mod")).isEqualTo(Ipld.link(mathCid));
    assertThat(r.tasks().get(2).args().get("params")).isEqualTo(new Ipld.List(List.of()));
    assertThat(r.modules()).containsOnlyKeys(mathCid);
    assertThat(r.modules().get(mathCid)).isEqualTo(math);
  }

  @Test
  void aDataUriModIsKeptAsWritten() {
    String uri = WasmRun.DATA_URI_PREFIX + Base64.getEncoder().encodeToString(math);
    ResolvedWorkflow r = parse(doc("{\"run\": {\"mod\": \"" + uri + "\", \"fun\": \"add\", \"params\": [1, 2]}}"))
        .resolve(DID);
    assertThat(r.tasks().get(0).args().get("mod")).isEqualTo(Ipld.text(uri));
    assertThat(r.modules()).isEmpty();
  }

  @Test
  void fileParamsBecomeTheFilesBytesAnywhereInParams() {
    ResolvedWorkflow r = parse(doc(task("a", "f",
        "[{\"file\": \"data/in.bin\"}, {\"x\": [{\"file\": \"data/in.bin\"}]}, {\"file\": 3},"
            + " {\"file\": \"data/in.bin\", \"also\": 1}]"))).resolve(DID);
    Ipld.List params = (Ipld.List) r.tasks().get(0).args().get("params");
    Ipld bytes = Ipld.Bytes.of(new byte[] {1, 2, 3});
    assertThat(params.get(0)).isEqualTo(bytes);
    assertThat(params.get(1)).isEqualTo(Ipld.Map.builder().put("x", Ipld.list(bytes)).build());
    // only a one-entry map {"file": "<string>"} is a file
    assertThat(params.get(2)).isEqualTo(Ipld.Map.builder().put("file", 3).build());
    assertThat(params.get(3)).isEqualTo(Ipld.Map.builder().put("file", "data/in.bin").put("also", 1).build());
  }

  @Test
  void nonceAndMeta() {
    ResolvedWorkflow r = parse(doc(
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"nonce\": \"00ff10\","
            + " \"meta\": {\"fuel\": 5, \"memory\": 65536, \"time\": 100, \"tag\": \"x\"}}",
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"nonce\": \"\"}",
        "{\"run\": {\"mod\": \"math.wasm\", \"fun\": \"add\", \"params\": [1, 2]}, \"meta\": {}}")).resolve(DID);
    Invocation withNonce = r.tasks().get(0).invocation(1);
    assertThat(withNonce.nonce()).containsExactly(0x00, 0xff, 0x10);
    assertThat(withNonce.shareable()).isFalse();
    assertThat(withNonce.meta()).isEqualTo(Ipld.Map.builder().put("fuel", 5).put("memory", 65536).put("time", 100)
        .put("tag", "x").build());
    assertThat(r.tasks().get(1).invocation(1).shareable()).isTrue();
    assertThat(r.tasks().get(2).invocation(1).meta()).isNull();
    assertThat(r.tasks().get(1).taskId()).isEqualTo(r.tasks().get(2).taskId())
        .isNotEqualTo(r.tasks().get(0).taskId());
  }
}
