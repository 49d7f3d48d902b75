package dev.ipvm.job.event;

/**
 * An input record the job could not take, with why: it goes to the DLQ topic unchanged.
 *
 * @param reason a stable error name, e.g. {@code MalformedEnvelope}
 * @param message one line for people
 */
public record DlqRecord(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason,
    String message) {

  public static DlqRecord of(InboundRecord in, String reason, String message) {
    return new DlqRecord(in.topic(), in.partition(), in.offset(), in.key(), in.value(), reason, message);
  }
}
