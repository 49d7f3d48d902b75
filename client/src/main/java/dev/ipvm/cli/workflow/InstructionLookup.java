package dev.ipvm.cli.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.TopicReads;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.workflow.KnownInstructions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Finds the Task IDs that ran Homestar instructions of earlier workflows, for a workflow whose
 * awaits name Instruction CIDs none of its tasks has (Homestar's two-part workflows): each
 * Homestar task's invocation carries its Instruction CID in {@code meta}
 * ({@link KnownInstructions#META_KEY}), so the invocations topic maps instructions to Task IDs.
 * Only invocations whose signature verifies count; one on the run's own subject is preferred (the
 * user's own earlier run, with the limits they gave it), else the first one read. Any of them names
 * the same computation: the instruction fixes module, function, inputs and nonce.
 */
final class InstructionLookup {
  private InstructionLookup() {}

  /**
   * Reads {@code topic} from its start to its current end.
   *
   * @param subject the DID this run's invocations are on
   */
  static KnownInstructions find(KafkaConsumer<String, byte[]> consumer, String topic, String bootstrap,
      Set<Cid> wanted, String subject) {
    Map<Cid, Cid> found = new HashMap<>();
    Set<Cid> own = new HashSet<>();
    TopicReads.readFromStart(consumer, topic, bootstrap, r -> {
      if (r.value() == null) {
        return true;
      }
      Signed<Invocation> signed;
      try {
        signed = Invocation.decode(r.value());
      } catch (RuntimeException e) {
        return true; // not an invocation we can read: the job sends such records to its DLQ
      }
      Invocation inv = signed.payload();
      if (inv.meta() == null || !(inv.meta().get(KnownInstructions.META_KEY) instanceof Ipld.Link l)
          || !wanted.contains(l.cid()) || own.contains(l.cid()) || signed.signatureProblem().isPresent()) {
        return true;
      }
      if (inv.sub().equals(subject)) {
        found.put(l.cid(), inv.taskId());
        own.add(l.cid());
      } else {
        found.putIfAbsent(l.cid(), inv.taskId());
      }
      return true;
    });
    return new KnownInstructions(found, "the invocations on " + topic + " at " + bootstrap
        + ", for an invocation whose meta." + KnownInstructions.META_KEY + " links it");
  }
}
