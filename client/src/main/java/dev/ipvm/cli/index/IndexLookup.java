package dev.ipvm.cli.index;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.TopicReads;
import dev.ipvm.cli.kafka.KafkaOptions;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Signed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/** Receipts by CID: from the index's HTTP API, or by reading the whole receipts topic. */
final class IndexLookup {
  /** What the CID names: any of receipt, invocation or Task ID ({@code get}), or an output ({@code produced}). */
  enum Kind { ANY, PRODUCED }

  /** A receipt found, and why its signature does not verify (null when it does). */
  record Found(Signed<Receipt> receipt, String invalid) {}

  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration REQUEST = Duration.ofSeconds(30);

  private IndexLookup() {}

  /** The index's answer (possibly none found), or empty when nothing answers at {@code index}. */
  static Optional<List<Found>> viaIndex(URI index, Cid cid, Kind kind) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    try {
      if (kind == Kind.PRODUCED) {
        return Optional.of(list(http, index, "/outputs/" + cid));
      }
      HttpResponse<byte[]> one = get(http, index, "/receipts/" + cid);
      if (one.statusCode() == 200) {
        return Optional.of(List.of(found(one.body())));
      }
      List<Found> all = new ArrayList<>(list(http, index, "/invocations/" + cid));
      if (all.isEmpty()) {
        all.addAll(list(http, index, "/tasks/" + cid));
      }
      return Optional.of(all);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return Optional.empty();
    }
  }

  private static List<Found> list(HttpClient http, URI index, String path) throws IOException, InterruptedException {
    List<Found> out = new ArrayList<>();
    String after = null;
    do {
      HttpResponse<byte[]> r = get(http, index, path + "?limit=1000" + (after == null ? "" : "&after=" + after));
      if (r.statusCode() == 404) {
        return out;
      }
      Ipld.Map body = (Ipld.Map) DagCbor.decode(r.body());
      for (Ipld envelope : ((Ipld.List) body.get("receipts")).items()) {
        out.add(found(DagCbor.encode(envelope)));
      }
      after = body.get("next") instanceof Ipld.Text t ? t.value() : null;
    } while (after != null);
    return out;
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI index, String path) throws IOException, InterruptedException {
    URI uri = URI.create(index.toString().replaceAll("/+$", "") + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST).header("Accept", Headers.DAG_CBOR).build();
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 200 || r.statusCode() == 404) {
      return r;
    }
    String detail = new String(r.body(), StandardCharsets.UTF_8);
    try {
      if (((Ipld.Map) DagJson.decode(detail)).get("error") instanceof Ipld.Map e && e.get("message") instanceof Ipld.Text m) {
        detail = m.value();
      }
    } catch (RuntimeException notJson) {
      // keep the body as it is
    }
    if (r.statusCode() == 400) {
      throw new IllegalArgumentException(detail);
    }
    throw new IllegalStateException("the index at " + index + " answered " + r.statusCode() + " for " + path + ": " + detail);
  }

  private static Found found(byte[] envelope) {
    Signed<Receipt> receipt = Receipt.decode(envelope);
    return new Found(receipt, receipt.signatureProblem().map(RuntimeException::getMessage).orElse(null));
  }

  /** Every committed receipt on the topic that {@code cid} names, oldest first within each partition. */
  static List<Found> viaTopic(KafkaOptions kafka, Cid cid, Kind kind) {
    String topic = kafka.topics().receipts();
    Kafka.check(kafka, topic);
    List<Found> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = Kafka.committedConsumer(kafka.bootstrap())) {
      TopicReads.readFromStart(consumer, topic, kafka.bootstrap(), r -> {
        match(r, cid, kind).ifPresent(out::add);
        return true;
      });
    }
    return out;
  }

  private static Optional<Found> match(ConsumerRecord<String, byte[]> r, Cid cid, Kind kind) {
    Found f;
    try {
      f = found(r.value());
    } catch (RuntimeException notAReceipt) {
      return Optional.empty();
    }
    Receipt receipt = f.receipt().payload();
    boolean matches = switch (kind) {
      case PRODUCED -> OutputCids.of(receipt.out()).contains(cid);
      case ANY -> f.receipt().cid().equals(cid) || receipt.ran().equals(cid) || cid.equals(receipt.taskId())
          || (receipt.taskId() == null && cid.toString().equals(header(r, Headers.TASK)));
    };
    return matches ? Optional.of(f) : Optional.empty();
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
