package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.topic.Headers;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Homestar's own test module (homestar-wasm/fixtures/example_test.wasm, kept in the functions
 * module's test resources) in a real job: a wit-bindgen core module that imports wasi:logging
 * and Homestar's helpers, called through the canonical ABI by the names Homestar workflows use.
 */
class HomestarModuleIT {
  static JobHarness h;
  static Cid module;

  @BeforeAll
  static void start() throws Exception {
    h = new JobHarness().start();
    module = h.putBlock(JobHarness.homestarTestModule());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void homestarsFunctionsAnswerAsHomestarsTestsExpect() throws Exception {
    List<Signed<Invocation>> invs = List.of(
        h.invocation(module, "add_one", Ipld.integer(41)),
        h.invocation(module, "join_strings", Ipld.text("ab"), Ipld.text("cd")),
        h.invocation(module, "num_to_kv", Ipld.list(Ipld.integer(7), Ipld.NULL)),
        h.invocation(module, "binary_search", Ipld.list(Ipld.integer(1), Ipld.integer(3)), Ipld.integer(4)));
    List<Ipld> expected = List.of(Ipld.integer(42), Ipld.text("abcd"),
        Ipld.Map.builder().put("name", "7").put("val", Ipld.integer(7)).build(),
        Ipld.list(Ipld.NULL, Ipld.integer(1)));
    try (JobHarness.Reader receipts = h.reader(h.topics.receipts())) {
      for (Signed<Invocation> inv : invs) {
        h.publish(inv);
      }
      Map<String, ConsumerRecord<byte[], byte[]>> byInvocation = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> rec : receipts.receiptsFor(
          invs.stream().map(i -> i.cid().toString()).toList(), Duration.ofSeconds(120), Duration.ZERO)) {
        byInvocation.put(JobHarness.key(rec), rec);
      }
      for (int i = 0; i < invs.size(); i++) {
        ConsumerRecord<byte[], byte[]> rec = byInvocation.get(invs.get(i).cid().toString());
        assertThat(rec).as("the receipt for %s", invs.get(i).payload().args()).isNotNull();
        assertThat(JobHarness.header(rec, Headers.STATUS)).as(JobHarness.receipt(rec).payload().out().toString())
            .isEqualTo("ok");
        assertThat(JobHarness.receipt(rec).payload().out()).isEqualTo(new Outcome.Ok(expected.get(i)));
      }
    }
  }
}
