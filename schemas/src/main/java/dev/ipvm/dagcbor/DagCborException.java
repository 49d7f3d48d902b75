package dev.ipvm.dagcbor;

/** Bytes that are not strict DAG-CBOR: names the rule broken and the byte offset where. */
public class DagCborException extends IllegalArgumentException {
  private final Rule rule;
  private final long offset;

  public DagCborException(Rule rule, long offset, String detail) {
    super("dag-cbor: " + rule.description() + " at byte " + offset
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.rule = rule;
    this.offset = offset;
  }

  public Rule rule() {
    return rule;
  }

  public long offset() {
    return offset;
  }
}
