package dev.ipvm.job.kafka;

/**
 * A record read from the invocations or feedback topic, as it was on the wire.
 *
 * @param contentType the {@code content-type} header, or empty
 */
public record InboundRecord(String topic, int partition, long offset, byte[] key, byte[] value, String contentType) {
  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
