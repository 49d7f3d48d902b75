package dev.ipvm.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.index.Receipts;
import dev.ipvm.index.ingest.IngestStatus;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexBatch;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.task.Await;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
  private final Receipts receipts = new Receipts();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Signed<Invocation> inv = receipts.invocation(1);
  private final Cid image = Cid.of(Multicodec.RAW, "P6 1 1 255 xyz".getBytes(StandardCharsets.US_ASCII));
  private final Signed<Receipt> receipt = receipts.producing(inv, image);
  private final Signed<Invocation> next = receipts.awaiting(inv);
  @TempDir
  Path dir;
  private IndexStore store;
  private ApiServer server;

  @BeforeEach
  void start() throws Exception {
    store = IndexStore.open(dir, false);
    IndexBatch b = store.batch();
    b.addInvocation(inv.cid(), inv.payload().iss(), inv.bytes(), Await.awaited(inv.payload().args()));
    b.addInvocation(next.cid(), next.payload().iss(), next.bytes(), Await.awaited(next.payload().args()));
    Receipt p = receipt.payload();
    b.addReceipt(receipt.cid(), receipt.bytes(), p.ran(), p.taskId(), OutputCids.of(p.out()));
    b.count(Counter.INDEXED);
    b.count(Counter.rejected("UntrustedIssuer"));
    store.write(b);
    server = new ApiServer(store, new IngestStatus(), new InetSocketAddress("127.0.0.1", 0)).start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<byte[]> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private Ipld.Map json(String path) throws Exception {
    HttpResponse<byte[]> r = get(path, null);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return (Ipld.Map) DagJson.decode(r.body());
  }

  @Test
  void aReceiptAsJsonDagJsonAndDagCbor() throws Exception {
    Ipld.Map one = json("/receipts/" + receipt.cid());
    assertThat(one.get("cid")).isEqualTo(Ipld.text(receipt.cid().toString()));
    assertThat(one.get("invoker")).isEqualTo(Ipld.text(inv.payload().iss()));
    assertThat(one.get("receipt")).isEqualTo(receipt.envelope().payload());

    HttpResponse<byte[]> cbor = get("/receipts/" + receipt.cid(), "application/vnd.ipld.dag-cbor");
    assertThat(cbor.body()).isEqualTo(receipt.bytes());
    assertThat(receipt.cid().verifies(cbor.body())).isTrue();
    HttpResponse<byte[]> dagJson = get("/receipts/" + receipt.cid(), "application/vnd.ipld.dag-json, */*");
    assertThat(dagJson.headers().firstValue("Content-Type")).hasValue("application/vnd.ipld.dag-json");
    assertThat(DagCbor.encode(DagJson.decode(dagJson.body()))).isEqualTo(receipt.bytes());
  }

  @Test
  void listsByInvocationTaskOutputAndIssuer() throws Exception {
    for (String path : new String[] {"/invocations/" + inv.cid(), "/tasks/" + inv.payload().taskId(),
        "/outputs/" + image, "/outputs/" + DagCbor.cid(((dev.ipvm.receipt.Outcome.Ok) receipt.payload().out()).value()),
        "/issuers/" + inv.payload().iss()}) {
      Ipld.List list = (Ipld.List) json(path).get("receipts");
      assertThat(list.items()).as(path).hasSize(1);
      assertThat(((Ipld.Map) list.items().get(0)).get("cid")).isEqualTo(Ipld.text(receipt.cid().toString()));
    }
    HttpResponse<byte[]> cbor = get("/outputs/" + image, "application/vnd.ipld.dag-cbor");
    Ipld.List envelopes = (Ipld.List) ((Ipld.Map) DagCbor.decode(cbor.body())).get("receipts");
    assertThat(DagCbor.encode(envelopes.items().get(0))).isEqualTo(receipt.bytes());
  }

  @Test
  void badCidsAre400NamingTheProblemAndUnknownOnes404() throws Exception {
    HttpResponse<byte[]> bad = get("/receipts/bnotacid", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    String body = new String(bad.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("InvalidCid").contains("'bnotacid' is not a CID");
    assertThat(get("/tasks/", null).statusCode()).isEqualTo(400);
    assertThat(get("/issuers/did:web:x", null).statusCode()).isEqualTo(400);
    assertThat(get("/invocations/" + inv.cid() + "?limit=0", null).statusCode()).isEqualTo(400);

    Cid unknown = Cid.of(Multicodec.RAW, new byte[] {1});
    HttpResponse<byte[]> missing = get("/outputs/" + unknown, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("NotFound").contains(unknown.toString());
    assertThat(get("/receipts/" + unknown, null).statusCode()).isEqualTo(404);
    assertThat(get("/nothing", null).statusCode()).isEqualTo(404);
  }

  @Test
  void anInvocationWithItsArgsAndTheInvocationsAwaitingItsTask() throws Exception {
    Ipld.Map answered = json("/invocations/" + inv.cid());
    assertThat(((Ipld.Map) answered.get("invocation")).get("invocation")).isEqualTo(inv.envelope().payload());
    assertThat(((Ipld.List) answered.get("receipts")).items()).hasSize(1);
    Ipld.Map waiting = json("/invocations/" + next.cid());
    assertThat(((Ipld.List) waiting.get("receipts")).items()).as("not answered yet").isEmpty();
    assertThat(((Ipld.Map) waiting.get("invocation")).get("task")).isEqualTo(Ipld.text(next.payload().taskId().toString()));

    Ipld.List awaiting = (Ipld.List) json("/awaiting/" + inv.payload().taskId()).get("invocations");
    assertThat(awaiting.items()).hasSize(1);
    assertThat(((Ipld.Map) awaiting.items().get(0)).get("cid")).isEqualTo(Ipld.text(next.cid().toString()));
    assertThat(((Ipld.List) json("/awaiting/" + next.payload().taskId()).get("invocations")).items()).isEmpty();
    HttpResponse<byte[]> cbor = get("/awaiting/" + inv.payload().taskId(), "application/vnd.ipld.dag-cbor");
    Ipld.List envelopes = (Ipld.List) ((Ipld.Map) DagCbor.decode(cbor.body())).get("invocations");
    assertThat(DagCbor.encode(envelopes.items().get(0))).isEqualTo(next.bytes());
  }

  @Test
  void theExplorerPageIsServedAtTheRoot() throws Exception {
    HttpResponse<byte[]> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>IPVM receipt explorer</title>");
  }

  @Test
  void healthAndMetrics() throws Exception {
    Ipld.Map health = json("/health");
    assertThat(health.get("status")).isEqualTo(Ipld.text("ok"));
    assertThat(health.get("indexed")).isEqualTo(Ipld.integer(1));
    assertThat(health.get("unwritten")).isEqualTo(Ipld.integer(0));
    HttpResponse<byte[]> metrics = get("/metrics", null);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    assertThat(new String(metrics.body(), StandardCharsets.UTF_8))
        .contains("ipvm_index_receipts_indexed_total 1\n")
        .contains("ipvm_index_receipts_rejected_total{reason=\"UntrustedIssuer\"} 1\n")
        .contains("ipvm_index_receipts_rejected_total{reason=\"InvalidSignature\"} 0\n")
        .contains("# TYPE ipvm_index_polls_unwritten gauge\nipvm_index_polls_unwritten 0\n");
  }
}
