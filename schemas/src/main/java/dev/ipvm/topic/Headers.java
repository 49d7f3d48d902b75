package dev.ipvm.topic;

/** Kafka record header names and values used on IPVM topics (values are UTF-8 text). */
public final class Headers {
  /** On invocations: how the value is encoded; absent means DAG-CBOR. */
  public static final String CONTENT_TYPE = "content-type";
  public static final String DAG_CBOR = "application/vnd.ipld.dag-cbor";
  public static final String DAG_JSON = "application/vnd.ipld.dag-json";

  /**
   * On invocations: one delegation envelope (DAG-CBOR bytes) the invocation's {@code prf} names;
   * the header may repeat, one per delegation of the chain.
   */
  public static final String PROOF = "ucan-proof";

  /** On receipts: the Task ID the receipt answers. */
  public static final String TASK = "task";
  /** On receipts: {@code ok} or {@code error}. */
  public static final String STATUS = "status";
  /** On receipts with status error: the error's name, e.g. {@code OutOfFuel}. */
  public static final String ERROR = "error";

  /** On DLQ records: the error name of why the record could not be taken. */
  public static final String REASON = "reason";
  /** On DLQ records: a one-line explanation. */
  public static final String MESSAGE = "message";
  /** On DLQ records: where the record came from. */
  public static final String SOURCE_TOPIC = "source.topic";
  public static final String SOURCE_PARTITION = "source.partition";
  public static final String SOURCE_OFFSET = "source.offset";

  private Headers() {}
}
