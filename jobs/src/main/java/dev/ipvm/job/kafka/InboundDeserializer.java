package dev.ipvm.job.kafka;

import dev.ipvm.job.event.InboundRecord;
import dev.ipvm.topic.Headers;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Keeps the bytes as they are: decoding (and its failures) belongs to the intake, where errors become receipts. */
public final class InboundDeserializer implements KafkaRecordDeserializationSchema<InboundRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<InboundRecord> out) {
    Header ct = r.headers().lastHeader(Headers.CONTENT_TYPE);
    java.util.List<dev.ipvm.ipld.Ipld> proofs = new java.util.ArrayList<>();
    for (Header h : r.headers().headers(Headers.PROOF)) {
      proofs.add(dev.ipvm.ipld.Ipld.Bytes.of(h.value() == null ? new byte[0] : h.value()));
    }
    out.collect(new InboundRecord(r.topic(), r.partition(), r.offset(), r.key() == null ? new byte[0] : r.key(),
        r.value() == null ? new byte[0] : r.value(),
        ct == null || ct.value() == null ? "" : new String(ct.value(), StandardCharsets.UTF_8),
        proofs.isEmpty() ? new byte[0] : dev.ipvm.dagcbor.DagCbor.encode(new dev.ipvm.ipld.Ipld.List(proofs))));
  }

  @Override
  public TypeInformation<InboundRecord> getProducedType() {
    return TypeInformation.of(InboundRecord.class);
  }
}
