package dev.ipvm.index.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.index.Receipts;
import dev.ipvm.receipt.OutputCids;
import dev.ipvm.receipt.Receipt;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {
  private final Receipts receipts = new Receipts();
  @TempDir
  Path dir;

  private static void add(IndexBatch batch, Signed<Receipt> r) {
    Receipt p = r.payload();
    batch.addReceipt(r.cid(), r.bytes(), p.ran(), p.taskId(), OutputCids.of(p.out()));
  }

  private static byte[] did(Signed<Invocation> inv) {
    return inv.payload().iss().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void findsAReceiptByEveryKeyAndKeepsCountersAndOffsetsAcrossReopening() {
    Signed<Invocation> inv = receipts.invocation(1);
    Signed<Receipt> r = receipts.receipt(inv, 1);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      b.addInvoker(inv.cid(), inv.payload().iss());
      add(b, r);
      b.count(Counter.INDEXED);
      b.offset("ipvm.receipts", 2, 17);
      store.write(b);
    }
    try (IndexStore store = IndexStore.open(dir, false)) {
      assertThat(store.receipt(r.cid())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(r.bytes()));
      assertThat(store.receipts(Family.BY_INVOCATION, inv.cid().toBytes(), null, 10).receipts()).containsExactly(r.cid());
      assertThat(store.receipts(Family.BY_TASK, inv.payload().taskId().toBytes(), null, 10).receipts())
          .containsExactly(r.cid());
      assertThat(store.receipts(Family.BY_ISSUER, did(inv), null, 10).receipts()).containsExactly(r.cid());
      for (Cid out : OutputCids.of(r.payload().out())) {
        assertThat(store.receipts(Family.BY_OUTPUT, out.toBytes(), null, 10).receipts()).containsExactly(r.cid());
      }
      assertThat(store.invoker(inv.cid())).hasValue(inv.payload().iss());
      assertThat(store.counter(Counter.INDEXED)).isEqualTo(1);
      assertThat(store.offsets()).containsEntry("ipvm.receipts/2", 17L);
    }
  }

  @Test
  void anInvocationReadAfterItsReceiptsIndexesThemUnderItsIssuerOnce() {
    Signed<Invocation> inv = receipts.invocation(1);
    Signed<Receipt> first = receipts.receipt(inv, 1);
    Signed<Receipt> replay = receipts.receipt(inv, 1);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      add(b, first);
      store.write(b);
      b = store.batch();
      add(b, replay);
      assertThat(b.addInvoker(inv.cid(), inv.payload().iss())).isTrue();
      assertThat(b.addInvoker(inv.cid(), inv.payload().iss())).isFalse();
      store.write(b);
      assertThat(store.receipts(Family.BY_ISSUER, did(inv), null, 10).receipts())
          .containsExactlyInAnyOrder(first.cid(), replay.cid());
      assertThat(store.count(Family.BY_ISSUER)).isEqualTo(2);
    }
  }

  @Test
  void aBatchSeesItsOwnReceipts() {
    Signed<Receipt> r = receipts.receipt(receipts.invocation(1), 1);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      assertThat(b.hasReceipt(r.cid())).isFalse();
      add(b, r);
      assertThat(b.hasReceipt(r.cid())).isTrue();
      b.close();
      assertThat(store.receipt(r.cid())).isEmpty();
    }
  }

  @Test
  void pagesInTheOrderIndexed() {
    Signed<Invocation> inv = receipts.invocation(1);
    List<Cid> all = new ArrayList<>();
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      b.addInvoker(inv.cid(), inv.payload().iss());
      for (int i = 0; i < 7; i++) {
        Signed<Receipt> r = receipts.receipt(inv, i);
        add(b, r);
        all.add(r.cid());
      }
      store.write(b);
      List<Cid> seen = new ArrayList<>();
      Long after = null;
      int pages = 0;
      do {
        IndexStore.Page page = store.receipts(Family.BY_ISSUER, did(inv), after, 3);
        seen.addAll(page.receipts());
        after = page.next();
        pages++;
      } while (after != null);
      assertThat(seen).isEqualTo(all);
      assertThat(pages).isEqualTo(3);
      assertThat(store.receipts(Family.BY_ISSUER, did(inv), null, 7).next()).isNull();
    }
  }

  @Test
  void oneKeyIsNeverAPrefixOfAnother() {
    byte[] a = Keys.prefix("did:key:z6MkA");
    byte[] b = Keys.prefix("did:key:z6MkAB");
    assertThat(Keys.startsWith(Keys.entry(b, 1), a)).isFalse();
    assertThat(Keys.sequence(Keys.entry(a, 123456789L))).isEqualTo(123456789L);
  }

  @Test
  void aBatchReadsItsOwnChangesOverWhatItReadAhead() {
    Signed<Invocation> inv = receipts.invocation(1);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      b.hold(inv.cid(), 1L, inv.bytes());
      store.write(b);
      b = store.batch();
      b.readAhead(Family.PENDING, List.of(inv.cid().toBytes()));
      assertThat(b.held(inv.cid())).isEqualTo(inv.bytes());
      b.release(inv.cid());
      assertThat(b.held(inv.cid())).isNull();
      assertThat(b.hasInvocation(inv.cid())).isFalse();
      store.write(b);
      assertThat(store.held(inv.cid())).isEmpty();
    }
  }

  @Test
  void whatABatchHoldsAndReleasesOrVouchesAndTakesLeavesNothingBehind() {
    Signed<Invocation> inv = receipts.invocation(1);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      b.hold(inv.cid(), 1L, inv.bytes());
      b.release(inv.cid());
      b.vouch(inv.cid());
      assertThat(b.takeVouch(inv.cid())).isTrue();
      assertThat(b.takeVouch(inv.cid())).isFalse();
      store.write(b);
      assertThat(store.count(Family.PENDING)).isZero();
      assertThat(store.count(Family.VOUCHED)).isZero();
    }
  }

  @Test
  void theLastOffsetOfAPartitionInABatchIsKept() {
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      for (long next = 1; next <= 5; next++) {
        b.offset("ipvm.receipts", 0, next);
      }
      b.offset("ipvm.receipts", 1, 3);
      store.write(b);
      assertThat(store.offsets()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("ipvm.receipts/0", 5L, "ipvm.receipts/1", 3L));
    }
  }

  @Test
  void anInvocationIndexesTheReceiptsOfItWrittenBeforeAndInItsOwnBatchInOrder() {
    Signed<Invocation> inv = receipts.invocation(1);
    Signed<Receipt> stored = receipts.receipt(inv, 1);
    Signed<Receipt> inBatch = receipts.receipt(inv, 2);
    try (IndexStore store = IndexStore.open(dir, false)) {
      IndexBatch b = store.batch();
      add(b, stored);
      store.write(b);
      b = store.batch();
      add(b, inBatch);
      b.addInvoker(inv.cid(), inv.payload().iss());
      store.write(b);
      assertThat(store.receipts(Family.BY_ISSUER, did(inv), null, 10).receipts()).containsExactly(stored.cid(), inBatch.cid());
    }
  }
}
