package dev.ipvm.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import dev.ipvm.testing.TestBroker;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.workflow.KnownInstructions;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Which Task ID ran a Homestar instruction, as read from a real invocations topic: only signed
 * invocations that verify count, the run's own subject's first, and records that are no
 * invocation are passed over.
 */
class InstructionLookupIT {
  static final Cid MODULE = Cid.of(Multicodec.RAW, new byte[] {0, 'a', 's', 'm'});
  final Signer alice = Signer.generate();
  final Signer bob = Signer.generate();
  final Signer carol = Signer.generate();

  static Cid instruction(String name) {
    return DagCbor.cid(Ipld.Map.builder().put("name", name).build(), HashAlgorithm.SHA3_256);
  }

  /** add(a, b) by {@code signer} on its own subject, naming {@code instruction} in meta. */
  static Signed<Invocation> add(Signer signer, long a, long b, Cid instruction) {
    return Signed.sign(signer, Invocation.builder().iss(signer.did().toString()).sub(signer.did().toString())
        .cmd(WasmRun.COMMAND).emptyNonce().iat(1_700_000_000L)
        .args(new WasmRun(new WasmRun.ModuleRef.Linked(MODULE), "add", List.of(Ipld.integer(a), Ipld.integer(b)))
            .toArgs())
        .meta(Ipld.Map.builder().put(KnownInstructions.META_KEY, Ipld.link(instruction)).build()).build());
  }

  @Test
  void findsTheTaskIdsThatRanInstructions() throws Exception {
    String topic = "l" + UUID.randomUUID().toString().substring(0, 8) + ".ipvm.invocations";
    TestBroker.createTopics(new NewTopic(topic, 1, (short) 1));
    Cid x = instruction("x");
    Cid y = instruction("y");
    Signed<Invocation> aliceX = add(alice, 1, 2, x);
    Signed<Invocation> bobX = add(bob, 1, 2, x);
    Signed<Invocation> carolY = add(carol, 3, 4, y);
    // Alice's key on another task claiming x, its signature broken: it must not count
    byte[] forged = add(alice, 6, 6, x).bytes().clone();
    forged[10] ^= 1; // in the signature (the envelope opens with its 64 bytes)
    assertThat(Invocation.decode(forged).signatureProblem()).isPresent();
    try (KafkaProducer<String, byte[]> producer = dev.ipvm.cli.kafka.Kafka.producer(TestBroker.bootstrap())) {
      for (byte[] value : List.of(aliceX.bytes(), bobX.bytes(), carolY.bytes(), forged, new byte[] {1, 2, 3})) {
        producer.send(new ProducerRecord<>(topic, "k", value)).get();
      }
      producer.send(new ProducerRecord<>(topic, "k", null)).get();
    }

    try (KafkaConsumer<String, byte[]> consumer = dev.ipvm.cli.kafka.Kafka.committedConsumer(TestBroker.bootstrap())) {
      KnownInstructions forAlice = InstructionLookup.find(consumer, topic, TestBroker.bootstrap(),
          Set.of(x, y, instruction("z")), alice.did().toString());
      assertThat(forAlice.taskIds()).containsOnlyKeys(x, y);
      assertThat(forAlice.taskIds().get(x)).isEqualTo(aliceX.payload().taskId());
      assertThat(forAlice.taskIds().get(y)).isEqualTo(carolY.payload().taskId());
      assertThat(forAlice.searched()).contains(topic);

      // Bob's own comes first for Bob, although Alice's was published before it
      assertThat(InstructionLookup.find(consumer, topic, TestBroker.bootstrap(), Set.of(x), bob.did().toString())
          .taskIds().get(x)).isEqualTo(bobX.payload().taskId());
      // for anyone else, the first found
      assertThat(InstructionLookup.find(consumer, topic, TestBroker.bootstrap(), Set.of(x),
          Signer.generate().did().toString()).taskIds().get(x)).isEqualTo(aliceX.payload().taskId());
    }
  }
}
