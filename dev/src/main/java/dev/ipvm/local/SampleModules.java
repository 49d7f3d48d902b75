package dev.ipvm.local;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The sample Wasm modules that ship with the functions module, published as blocks. */
final class SampleModules {
  /** Sample file → the functions it exports, for the banner. */
  static final Map<String, String> SAMPLES = new LinkedHashMap<>();

  static {
    SAMPLES.put("math.wasm", "add(a, b), fib(n), fib_rec(n)");
    SAMPLES.put("uppercase.wasm", "uppercase(text)  [bytes ABI]");
    SAMPLES.put("sha256.wasm", "sha256(bytes)  [bytes ABI]");
    SAMPLES.put("image.wasm", "crop, rotate90, blur, grayscale (PPM images)  [bytes ABI]");
    SAMPLES.put("order.wasm", "checkout(url, items), checkout_notify(url, items): a pure function requesting an HTTP POST  [bytes ABI]");
  }

  private SampleModules() {}

  /** Publishes every sample to {@code topic}; returns file name → CID. */
  static Map<String, Cid> publish(String bootstrap, String topic) throws IOException, InterruptedException,
      ExecutionException {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("max.request.size", Integer.toString(16 << 20));
    p.put("acks", "all");
    Map<String, Cid> out = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String name : SAMPLES.keySet()) {
        byte[] bytes;
        try (InputStream in = SampleModules.class.getResourceAsStream("/samples/" + name)) {
          if (in == null) {
            throw new IOException("sample " + name + " is missing from the classpath");
          }
          bytes = in.readAllBytes();
        }
        Cid cid = Cid.of(Multicodec.RAW, bytes);
        producer.send(new ProducerRecord<>(topic, cid.toString().getBytes(StandardCharsets.UTF_8), bytes)).get();
        out.put(name, cid);
      }
    }
    return out;
  }
}
