package dev.ipvm.job.task;

import dev.ipvm.job.event.Body;
import dev.ipvm.job.event.Result;
import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;

/**
 * A memoized answer: the result and the receipt that first carried it (later receipts name it
 * in {@code meta.memo}).
 */
public record MemoEntry(Result result, Cid receipt) {

  public byte[] encode() {
    return DagCbor.encode(Ipld.Map.builder()
        .put("result", result.toIpld())
        .put("receipt", Ipld.link(receipt))
        .build());
  }

  public static MemoEntry decode(byte[] bytes) {
    Body b = new Body(DagCbor.decode(bytes), "memo");
    return new MemoEntry(Result.fromIpld(b.any("result")), b.link("receipt"));
  }
}
