package dev.ipvm.job.event;

/**
 * A record read from the invocations or feedback topic, as it was on the wire.
 *
 * @param contentType the {@code content-type} header, or empty
 * @param proofs the {@code ucan-proof} headers (delegation envelopes) as a DAG-CBOR list of
 *     bytes, or empty when there are none (one array: the stream's types stay free of generics)
 */
public record InboundRecord(String topic, int partition, long offset, byte[] key, byte[] value, String contentType,
    byte[] proofs) {

  public InboundRecord(String topic, int partition, long offset, byte[] key, byte[] value, String contentType) {
    this(topic, partition, offset, key, value, contentType, new byte[0]);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
